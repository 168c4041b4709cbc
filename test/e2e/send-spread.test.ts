import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spreadMinute } from '../../functions/core/spread';
import { invoiceFa0012 } from '../fixtures/invoices';
import { atelierDupont } from '../fixtures/sellers';
import { type Harness, startHarness } from './harness';

/**
 * The default send-window spread end to end: a seller without `spreadMinutes` (default 60) has each
 * customer's sends at its own minute after 09:00 Paris; the 201 and the view show that minute and the
 * real execution waits for it.
 */

const SELLER = 'spread-seller';
const { sendWindow: _fixed, ...defaultWindowSeller } = atelierDupont;

function minuteOf(customerId: string): string {
  return String(spreadMinute(60, { sellerId: SELLER, customerId })).padStart(2, '0');
}

describe('send-window spread through the HTTP API', () => {
  let harness: Harness;

  beforeAll(async () => {
    harness = await startHarness({ now: '2026-11-02T10:00:00Z' });
    expect((await harness.put(`/sellers/${SELLER}`, defaultWindowSeller)).status).toBe(201);
  });

  afterAll(async () => {
    await harness?.stop();
  });

  it('should default spreadMinutes to 60 in the stored profile', async () => {
    const seller = (await harness.get(`/sellers/${SELLER}`)).json<{
      sendWindow: { spreadMinutes: number };
    }>();
    expect(seller.sendWindow.spreadMinutes).toBe(60);
  });

  it('should plan, show and send each step at the customer’s minute of the window', async () => {
    const customers = ['C-100', 'C-101'];
    const ids: string[] = [];
    for (const customerId of customers) {
      const created = await harness.post('/invoices', {
        ...invoiceFa0012,
        sellerId: SELLER,
        number: `FA-SPREAD-${customerId}`,
        customer: {
          ...invoiceFa0012.customer,
          id: customerId,
          email: `${customerId.toLowerCase()}@example.fr`,
        },
      });
      expect(created.status).toBe(201);
      const body = created.json<{ invoiceId: string; schedule: { step: string; at: string }[] }>();
      // Courtesy reminder Thursday 2026-11-12, 09:MM Paris = 08:MMZ, MM the customer's minute.
      expect(body.schedule[0]).toMatchObject({
        step: 'courtesy_reminder',
        at: `2026-11-12T08:${minuteOf(customerId)}:00.000Z`,
      });
      ids.push(body.invoiceId);
    }
    await harness.settle();
    const view = (await harness.get(`/invoices/${ids[0]}`)).json<{ schedule: { at: string }[] }>();
    expect(view.schedule.map((entry) => entry.at.slice(13, 16))).toEqual(
      new Array(5).fill(`:${minuteOf('C-100')}`),
    );

    // Each email leaves at its customer's minute, not at the opening.
    await harness.advanceTo('2026-11-12T09:00:00Z');
    for (const customerId of customers) {
      const [email] = await harness.emailsTo(`${customerId.toLowerCase()}@example.fr`);
      expect(new Date((email?.at ?? 0) * 1000).toISOString()).toBe(
        `2026-11-12T08:${minuteOf(customerId)}:00.000Z`,
      );
    }
  });
});
