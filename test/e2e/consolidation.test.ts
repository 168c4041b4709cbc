import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invoiceIdFor } from '../../functions/core/ids';
import { courtesyOf, type InvoiceViewJson, viewOf } from '../fixtures/invoice-views';
import { invoiceFa0012 } from '../fixtures/invoices';
import { atelierDupont } from '../fixtures/sellers';
import { type Harness, sentAt, startHarness } from './harness';

/** Three invoices of one customer, all due Friday 2026-11-20 (courtesy reminders on Thursday 12th). */
function invoicesOf(customerId: string, email: string, prefix: string) {
  return [1, 2, 3].map((n) => ({
    ...invoiceFa0012,
    number: `${prefix}-${n}`,
    totalMinor: 10000 * n,
    paymentLink: `https://pay.example.com/i/${prefix}-${n}`,
    customer: { ...invoiceFa0012.customer, id: customerId, email },
  }));
}

const together = invoicesOf('C-ONE', 'one@consolidation.example', 'FA-ONE');
const paidMeanwhile = invoicesOf('C-TWO', 'two@consolidation.example', 'FA-TWO');
const apart = invoicesOf('C-APART', 'apart@consolidation.example', 'FA-APART')
  .slice(0, 2)
  .map((invoice) => ({ ...invoice, sellerId: 'sans-regroupement' }));

/**
 * One customer, one message: reminders of one customer falling the same business day go out as one email
 * listing every invoice with every PDF; a payment before the send leaves its invoice out; a seller that
 * turns consolidation off still sends one message a day per address, the later one the next business day.
 */
describe('consolidation', () => {
  let api: Harness;
  const view = (invoice: { sellerId: string; number: string }) => viewOf(api, invoice);
  const courtesy = courtesyOf;

  beforeAll(async () => {
    api = await startHarness({ now: '2026-11-02T10:00:00Z' });
    expect((await api.put('/sellers/atelier-dupont', atelierDupont)).status).toBe(201);
    expect(
      (await api.put('/sellers/sans-regroupement', { ...atelierDupont, consolidate: false })).status,
    ).toBe(201);
    for (const invoice of [...together, ...paidMeanwhile, ...apart])
      expect((await api.post('/invoices', invoice)).status).toBe(201);
    // Thursday 12th, 06:00 Paris: before the send window, one of the second customer's invoices is paid.
    await api.advanceTo('2026-11-12T05:00:00Z');
    const paid = paidMeanwhile[1] as (typeof paidMeanwhile)[number];
    const paidId = invoiceIdFor(paid.sellerId, paid.number);
    expect(
      (await api.post(`/invoices/${paidId}/payments`, { paymentId: 'VIR-2', amountMinor: 20000 })).status,
    ).toBe(201);
    await api.advanceTo('2026-11-13T18:00:00Z');
  });

  afterAll(async () => {
    await api?.stop();
  });

  it('should send one email listing the three invoices with their three PDFs, the same messageId on each view', async () => {
    const emails = await api.emailsTo('one@consolidation.example');
    expect(emails).toHaveLength(1);
    const [email] = emails;
    expect(email?.subject).toContain('3 factures');
    expect(email?.attachments.map((a) => a.filename).sort()).toEqual([
      'FA-ONE-1.pdf',
      'FA-ONE-2.pdf',
      'FA-ONE-3.pdf',
    ]);
    for (const number of ['FA-ONE-1', 'FA-ONE-2', 'FA-ONE-3']) expect(email?.body.text).toContain(number);
    const views = await Promise.all(together.map(view));
    for (const v of views) {
      expect(courtesy(v)).toMatchObject({ state: 'sent', messageId: email?.messageId, consolidated: true });
      expect(v.events.filter((e) => e.type === 'reminder_sent')).toHaveLength(1);
      expect(v.events.filter((e) => e.type === 'workflow_failed')).toEqual([]);
    }
  });

  it('should leave an invoice paid before the send out of the email, which lists the two others', async () => {
    const emails = await api.emailsTo('two@consolidation.example');
    const reminders = emails.filter((email) => !/merci|thank/iu.test(email.subject));
    expect(reminders).toHaveLength(1);
    expect(reminders[0]?.attachments.map((a) => a.filename).sort()).toEqual(['FA-TWO-1.pdf', 'FA-TWO-3.pdf']);
    expect(reminders[0]?.body.text).not.toContain('FA-TWO-2');
    const [first, second, third] = await Promise.all(paidMeanwhile.map(view));
    expect(second?.status).toBe('paid');
    expect(courtesy(second as InvoiceViewJson)?.state).toBe('cancelled');
    expect(courtesy(first as InvoiceViewJson)?.messageId).toBe(reminders[0]?.messageId);
    expect(courtesy(third as InvoiceViewJson)?.messageId).toBe(reminders[0]?.messageId);
  });

  it('should send one message a day per address without consolidation: the second moves to the next business day', async () => {
    const emails = await api.emailsTo('apart@consolidation.example');
    expect(emails.map((email) => sentAt(email).slice(0, 10))).toEqual(['2026-11-12', '2026-11-13']);
    expect(emails.every((email) => email.attachments.length === 1)).toBe(true);
    const views = await Promise.all(apart.map(view));
    const moved = views.filter((v) => v.events.some((e) => e.type === 'step_postponed'));
    expect(moved).toHaveLength(1);
    expect(moved[0]?.events.find((e) => e.type === 'step_postponed')?.reason).toBe(
      'customer_already_contacted',
    );
    expect(views.map((v) => courtesy(v)?.state)).toEqual(['sent', 'sent']);
    expect(views.every((v) => courtesy(v)?.consolidated === undefined)).toBe(true);
  });
});
