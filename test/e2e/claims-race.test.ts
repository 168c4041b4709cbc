import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invoiceIdFor } from '../../functions/core/ids';
import { invoiceFa0012 } from '../fixtures/invoices';
import { atelierDupont } from '../fixtures/sellers';
import { type Harness, sentAt, startHarness } from './harness';

/**
 * Finding 10 of the hardening review: a payment lands while a reminder is between its claim and SES's
 * answer. The thank-you must wait for that reminder, so the customer never reads a reminder after the
 * thank-you. SES is made slow on purpose (the emulator holds every SendEmail call until released).
 */
describe('a thank-you racing a reminder in flight', () => {
  let api: Harness;
  const invoiceId = invoiceIdFor(invoiceFa0012.sellerId, invoiceFa0012.number);
  const customer = invoiceFa0012.customer.email;

  beforeAll(async () => {
    api = await startHarness({ now: '2026-11-02T10:00:00Z' });
    expect((await api.put('/sellers/atelier-dupont', atelierDupont)).status).toBe(201);
    expect((await api.post('/invoices', invoiceFa0012)).status).toBe(201);
    await api.advanceTo('2026-11-12T07:00:00Z');
  });

  afterAll(async () => {
    await api?.stop();
  });

  it('should send the thank-you only after the reminder that was in flight at the payment', async () => {
    const hold = api.service.holdSends();
    const advancing = api.advanceTo('2026-11-12T09:00:00Z');
    try {
      // The courtesy reminder is claimed and waiting for SES.
      await until(() => hold.waiting() === 1);
      const payment = await api.post(`/invoices/${invoiceId}/payments`, {
        paymentId: 'RACE-1',
        amountMinor: invoiceFa0012.totalMinor,
      });
      expect(payment.status).toBe(201);
      // The thank-you execution runs meanwhile and finds the reminder's claim in flight: it waits.
      await new Promise((resolve) => setTimeout(resolve, 250));
      expect(hold.waiting()).toBe(1);
    } finally {
      hold.release();
    }
    await advancing;
    await api.settle();

    const emails = await api.emailsTo(customer);
    expect(emails).toHaveLength(2);
    const [reminder, thanks] = emails;
    expect(reminder?.subject).not.toBe(thanks?.subject);
    expect(sentAt(reminder as never) <= sentAt(thanks as never)).toBe(true);
    const view = (await api.get(`/invoices/${invoiceId}`)).json<{
      status: string;
      schedule: { step: string; state: string }[];
      events: { type: string }[];
    }>();
    expect(view.status).toBe('paid');
    expect(view.schedule[0]).toMatchObject({ step: 'courtesy_reminder', state: 'sent' });
    const types = view.events.map((event) => event.type);
    expect(types.indexOf('reminder_sent')).toBeLessThan(types.indexOf('thank_you_sent'));
    expect(types.filter((type) => type === 'thank_you_sent')).toHaveLength(1);
  });
});

async function until(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs) throw new Error('Timed out waiting for the condition');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
