import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InvoiceInput } from '../../functions/core/schemas';
import { invoiceFa0012 } from '../fixtures/invoices';
import { atelierDupont } from '../fixtures/sellers';
import { type Harness, startHarness } from './harness';

/**
 * Seller notices in the local twin, on the virtual clock: the limitation alert goes out once, from the
 * daily schedule, 90 days before an unpaid consumer claim is time-barred (never for a paid one), and a
 * consumer invoice without a postal address is refused at registration.
 */

const address = { line1: '8 rue Neuve', postalCode: '69001', city: 'Lyon', country: 'FR' };
const consumer = (number: string, dueDate: string): InvoiceInput => ({
  ...invoiceFa0012,
  number,
  issueDate: '2025-01-06',
  dueDate,
  paymentLink: undefined,
  purchaseOrder: undefined,
  customer: {
    id: `C-${number}`,
    name: 'Julien Moreau',
    type: 'consumer',
    email: `julien.${number.toLowerCase()}@example.org`,
    cc: [],
    locale: 'fr',
    address,
  },
});
// Due 2025-02-03: time-barred after 2027-02-03, alert on 2026-11-05 (90 days before).
const unpaid = consumer('FA-2025-0101', '2025-02-03');
const paid = consumer('FA-2025-0102', '2025-02-03');

describe('seller notices', () => {
  let harness: Harness;
  const ids = new Map<string, string>();
  const alerts = async () =>
    (await harness.emailsTo(atelierDupont.contact.email)).filter((email) =>
      email.subject.startsWith('Prescription le'),
    );

  beforeAll(async () => {
    harness = await startHarness({ now: '2026-11-02T10:00:00Z' });
    expect((await harness.put('/sellers/atelier-dupont', atelierDupont)).status).toBe(201);
    for (const body of [unpaid, paid]) {
      const created = await harness.post('/invoices', body);
      expect(created.status).toBe(201);
      ids.set(body.number, created.json<{ invoiceId: string }>().invoiceId);
    }
    const payment = await harness.post(`/invoices/${ids.get(paid.number)}/payments`, {
      paymentId: 'PAY-0102',
      amountMinor: paid.totalMinor,
    });
    expect(payment.status).toBe(201);
  }, 120_000);

  afterAll(async () => {
    await harness?.stop();
  });

  it('should show the limitation date in the view', async () => {
    const view = (await harness.get(`/invoices/${ids.get(unpaid.number)}`)).json<{
      limitationDate: string;
    }>();
    expect(view.limitationDate).toBe('2027-02-03');
  });

  it('should tell the seller once, 90 days before the limitation date, and only for the unpaid invoice', async () => {
    await harness.advanceTo('2026-11-04T12:00:00Z');
    expect(await alerts()).toEqual([]);
    await harness.advanceTo('2026-11-05T12:00:00Z');
    const [alert, ...others] = await alerts();
    expect(others).toEqual([]);
    expect(alert?.subject).toBe('Prescription le 03/02/2027 : facture n°FA-2025-0101 (Julien Moreau)');
    expect(alert?.body.text).toContain('sera prescrite dans 90 jours');
    expect(alert?.body.text).toContain(`${harness.apiUrl}/invoices/${ids.get(unpaid.number)}/evidence`);
    await harness.advanceTo('2026-11-09T12:00:00Z');
    expect(await alerts()).toHaveLength(1);
    const events = (await harness.get(`/invoices/${ids.get(unpaid.number)}`)).json<{
      events: { type: string; alert?: string; messageId?: string }[];
    }>().events;
    expect(events.filter((event) => event.type === 'seller_alerted')).toEqual([
      expect.objectContaining({ alert: 'limitation', messageId: alert?.messageId }),
    ]);
  });

  it('should refuse a consumer invoice without a postal address, writing nothing', async () => {
    const { address: _, ...customer } = consumer('FA-2025-0103', '2026-12-01').customer;
    const refused = await harness.post('/invoices', { ...consumer('FA-2025-0103', '2026-12-01'), customer });
    expect(refused.status).toBe(400);
    expect(refused.headers.get('content-type')).toBe('application/problem+json');
    expect(refused.json<{ errors: { path: string }[] }>().errors).toEqual([
      expect.objectContaining({ path: 'customer.address' }),
    ]);
    const listed = await harness.get('/invoices?sellerId=atelier-dupont');
    expect(listed.json<{ items: { number: string }[] }>().items.map((item) => item.number)).not.toContain(
      'FA-2025-0103',
    );
  });
});
