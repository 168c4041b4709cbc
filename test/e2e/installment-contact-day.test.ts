import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invoiceIdFor } from '../../functions/core/ids';
import { spreadMinute } from '../../functions/core/spread';
import { courtesyOf, type InvoiceViewJson, viewOf } from '../fixtures/invoice-views';
import { invoiceFa0012 } from '../fixtures/invoices';
import { atelierDupont } from '../fixtures/sellers';
import { type Harness, type StoredEmail, sentAt, startHarness } from './harness';

/** A seller whose customers each get their own minute of the window (installment reminders go at 09:00). */
const SPREAD_SELLER = 'atelier-etale';

/**
 * One customer of `sellerId`: invoice `-PLAN` (due 10 December: its own cadence starts in December) for a
 * payment plan whose first installment, due Sunday 15 November, is reminded on Thursday 12; invoice
 * `-CADENCE` (due Friday 20 November) whose courtesy reminder is planned on Thursday 12 too, and `-SECOND`
 * like it (registered for `early` only: its reminder joins the other's email).
 */
function customer(sellerId: string, id: string) {
  const base = { ...invoiceFa0012, sellerId };
  const who = { ...invoiceFa0012.customer, id, email: `${id.toLowerCase()}@contact-day.example` };
  return {
    email: who.email,
    plan: { ...base, number: `FA-${id}-PLAN`, dueDate: '2026-12-10', customer: who },
    cadence: { ...base, number: `FA-${id}-CADENCE`, customer: who },
    second: { ...base, number: `FA-${id}-SECOND`, totalMinor: 20000, customer: who },
  };
}

const INSTALLMENTS = [
  { dueDate: '2026-11-15', amountMinor: 61728 },
  { dueDate: '2026-12-15', amountMinor: 61728 },
];

// Installment reminder first (09:00), the courtesy reminder at the customer's minute finds the day taken.
const early = customer(SPREAD_SELLER, 'C-DAY-EARLY');
// The courtesy reminder first (09:00), then the plan agreed at 09:00: its installment reminder moves.
const late = customer('atelier-dupont', 'C-DAY-LATE');
// The same, and installment 1 is paid during the postponement: its reminder never goes.
const paying = customer('atelier-dupont', 'C-DAY-PAYS');

/**
 * Installment reminders take the customer's contact day like the cadence's messages: never two customer
 * messages to one address on one day, whichever comes first; the later one moves to the next business day
 * with reason `customer_already_contacted`, and a payment made meanwhile still stops it.
 */
describe('installment reminders and the contact day', () => {
  let api: Harness;
  const id = (invoice: { sellerId: string; number: string }) =>
    invoiceIdFor(invoice.sellerId, invoice.number);
  const view = (invoice: { sellerId: string; number: string }) => viewOf(api, invoice);
  const agree = async (invoice: { sellerId: string; number: string }) =>
    expect(
      (await api.post(`/invoices/${id(invoice)}/payment-plan`, { installments: INSTALLMENTS })).status,
    ).toBe(201);
  const days = (emails: StoredEmail[]) =>
    emails.map(
      (email) => `${sentAt(email).slice(0, 10)} ${/-PLAN /u.test(email.subject) ? 'plan' : 'cadence'}`,
    );
  const courtesy = courtesyOf;
  const minute = spreadMinute(60, { sellerId: SPREAD_SELLER, customerId: 'C-DAY-EARLY' });
  let lateOnThursday: InvoiceViewJson;
  let earlyOnThursday: InvoiceViewJson;

  beforeAll(async () => {
    api = await startHarness({ now: '2026-11-02T10:00:00Z' });
    expect((await api.put('/sellers/atelier-dupont', atelierDupont)).status).toBe(201);
    const spread = { ...atelierDupont, sendWindow: { ...atelierDupont.sendWindow, spreadMinutes: 60 } };
    expect((await api.put(`/sellers/${SPREAD_SELLER}`, spread)).status).toBe(201);
    for (const invoice of [early.second, ...[early, late, paying].flatMap((c) => [c.plan, c.cadence])])
      expect((await api.post('/invoices', invoice)).status).toBe(201);
    await agree(early.plan);
    // Thursday 12, 09:00 Paris: the courtesy reminders of `late` and `paying` go; then their plans are agreed.
    await api.advanceTo('2026-11-12T08:00:00Z');
    await agree(late.plan);
    await agree(paying.plan);
    await api.settle();
    await api.advanceTo('2026-11-12T17:00:00Z');
    lateOnThursday = await view(late.plan);
    earlyOnThursday = await view(early.cadence);
    // Installment 1 of `paying` arrives before Friday's window.
    const payment = { paymentId: 'VIR-PAYS-1', amountMinor: 61728 };
    expect((await api.post(`/invoices/${id(paying.plan)}/payments`, payment)).status).toBe(201);
    await api.advanceTo('2026-11-13T17:00:00Z');
  });

  afterAll(async () => {
    await api?.stop();
  });

  it('should move the courtesy reminders after the installment reminder sent that morning, still consolidated', async () => {
    expect(minute).toBeGreaterThan(0);
    const emails = await api.emailsTo(early.email);
    expect(days(emails)).toEqual(['2026-11-12 plan', '2026-11-13 cadence']);
    // Both invoices' courtesy reminders moved to Friday, where they go as one email again.
    expect(emails[1]?.attachments.map((attachment) => attachment.filename).sort()).toEqual([
      'FA-C-DAY-EARLY-CADENCE.pdf',
      'FA-C-DAY-EARLY-SECOND.pdf',
    ]);
    const friday = `2026-11-13T08:${String(minute).padStart(2, '0')}:00.000Z`;
    expect(courtesy(earlyOnThursday)).toEqual({
      step: 'courtesy_reminder',
      state: 'planned',
      at: friday,
      reason: 'customer_already_contacted',
    });
    const final = await view(early.cadence);
    expect(courtesy(final)).toMatchObject({ state: 'sent', at: friday, messageId: emails[1]?.messageId });
    expect(courtesy(await view(early.second))).toMatchObject({ state: 'sent', consolidated: true });
    expect(final.events).toContainEqual(
      expect.objectContaining({
        type: 'step_postponed',
        step: 'courtesy_reminder',
        reason: 'customer_already_contacted',
      }),
    );
  });

  it('should move the installment reminder after the courtesy reminder, shown in the plan, and send it once', async () => {
    expect(days(await api.emailsTo(late.email))).toEqual(['2026-11-12 cadence', '2026-11-13 plan']);
    expect(lateOnThursday.plan?.reminders).toEqual([
      {
        key: 'installment_1_before',
        state: 'planned',
        at: '2026-11-13T08:00:00.000Z',
        reason: 'customer_already_contacted',
      },
    ]);
    const final = await view(late.plan);
    expect(final.plan?.reminders).toEqual([
      { key: 'installment_1_before', state: 'sent', at: '2026-11-13T08:00:00.000Z' },
    ]);
    expect(final.events.filter((event) => event.type === 'installment_reminder_sent')).toHaveLength(1);
    expect(final.events).toContainEqual(
      expect.objectContaining({
        type: 'step_postponed',
        step: 'installment_reminder',
        key: 'installment_1_before',
        reason: 'customer_already_contacted',
      }),
    );
    expect(final.events.filter((event) => event.type === 'workflow_failed')).toEqual([]);
  });

  it('should send no reminder for an installment paid during the postponement', async () => {
    expect(days(await api.emailsTo(paying.email))).toEqual(['2026-11-12 cadence']);
    const final = await view(paying.plan);
    expect(final.status).toBe('payment_plan');
    expect(final.plan?.reminders).toEqual([]);
    expect(final.events.filter((event) => event.type === 'installment_reminder_sent')).toEqual([]);
    expect(final.events.filter((event) => event.type === 'workflow_failed')).toEqual([]);
  });
});
