import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InvoiceInput } from '../../functions/core/schemas';
import { invoiceFa0012 } from '../fixtures/invoices';
import { atelierDupont } from '../fixtures/sellers';
import { type Harness, type StoredEmail, sentAt, startHarness } from './harness';

/**
 * The dunning cadence end to end, through the real synthesized stack: API adapter → API function →
 * DynamoDB/S3 → StartExecution → the CDK state machine in the local engine → send function → SES
 * emulator, with the manual clock. Worked example: invoice due Friday 2026-11-20 registered
 * 2026-11-02 10:00Z; sends at 09:00 Paris on business days.
 */

const SELLER_CONTACT = 'compta@atelier-dupont.fr';

function invoice(number: string, email: string): InvoiceInput {
  return {
    ...invoiceFa0012,
    number,
    customer: { ...invoiceFa0012.customer, id: `C-${number}`, email },
    paymentLink: `https://pay.example.com/i/${number}`,
  };
}

const unpaid = invoice('FA-2026-0012', 'marie@boulangerie-martin.fr');
const paidByWebhook = invoice('FA-2026-0013', 'paul@fromagerie.fr');
const paidBeforeDue = invoice('FA-2026-0014', 'lea@epicerie.fr');

describe('dunning through the HTTP API', () => {
  let harness: Harness;
  const ids = new Map<string, string>();

  const emailsFor = async (number: string): Promise<StoredEmail[]> =>
    (await harness.emails()).filter((email) => email.subject.includes(number));
  const datesOf = (emails: StoredEmail[]) => emails.map(sentAt);
  const view = async (number: string) =>
    (await harness.get(`/invoices/${ids.get(number)}`)).json<{
      status: string;
      balanceMinor: number;
      schedule: { step: string; at: string; state: string }[];
    }>();

  beforeAll(async () => {
    harness = await startHarness({ now: '2026-11-02T10:00:00Z' });
    expect((await harness.put('/sellers/atelier-dupont', atelierDupont)).status).toBe(201);
    for (const body of [unpaid, paidByWebhook, paidBeforeDue]) {
      const created = await harness.post('/invoices', body);
      expect(created.status).toBe(201);
      ids.set(body.number, created.json<{ invoiceId: string }>().invoiceId);
    }
    await harness.settle();
  });

  afterAll(async () => {
    await harness?.stop();
  });

  it('should answer the health check without an API key', async () => {
    const health = await harness.get('/health', { apiKey: null });
    expect(health.status).toBe(200);
    expect(health.json()).toEqual({ status: 'ok' });
  });

  it('should plan the worked example schedule at registration', async () => {
    const { schedule } = await view(unpaid.number);
    expect(schedule.map((step) => [step.step, step.at, step.state])).toEqual([
      ['courtesy_reminder', '2026-11-12T08:00:00.000Z', 'planned'],
      ['first_reminder', '2026-11-30T08:00:00.000Z', 'planned'],
      ['second_reminder', '2026-12-07T08:00:00.000Z', 'planned'],
      ['formal_notice', '2026-12-21T08:00:00.000Z', 'planned'],
      ['escalation', '2026-12-30T08:00:00.000Z', 'planned'],
    ]);
  });

  it('should send nothing once an invoice is paid before its due date, except one thank-you', async () => {
    await harness.advanceTo('2026-11-15T12:00:00Z');
    const paid = await harness.post(`/invoices/${ids.get(paidBeforeDue.number)}/payments`, {
      paymentId: 'PAY-0014',
      amountMinor: paidBeforeDue.totalMinor,
    });
    expect(paid.status).toBeLessThan(300);
    await harness.settle();
    const emails = await emailsFor(paidBeforeDue.number);
    expect(datesOf(emails)).toEqual(['2026-11-12T08:00:00.000Z', '2026-11-15T12:00:00.000Z']);
    expect((await view(paidBeforeDue.number)).status).toBe('paid');
  });

  it('should stop the cadence on a signed webhook payment after the first reminder, thanking once', async () => {
    await harness.advanceTo('2026-12-01T10:00:00Z');
    expect(datesOf(await emailsFor(paidByWebhook.number))).toEqual([
      '2026-11-12T08:00:00.000Z',
      '2026-11-30T08:00:00.000Z',
    ]);
    // Odd spacing on purpose: the signature covers the raw bytes the adapter must pass unchanged.
    const rawBody = `{"eventId":"evt-13",  "type":"payment.succeeded","invoiceId":"${ids.get(paidByWebhook.number)}",
      "paymentId":"PAY-0013","amountMinor":${paidByWebhook.totalMinor},"currency":"EUR","paidAt":"2026-12-01T09:30:00Z"}`;
    const deliver = () =>
      harness.post('/webhooks/payments/generic', rawBody, {
        apiKey: null,
        headers: { 'content-type': 'application/json', 'dunning-signature': harness.signWebhook(rawBody) },
      });
    expect((await deliver()).status).toBe(200);
    await harness.settle();
    // The same delivery again is acknowledged and changes nothing.
    expect((await deliver()).status).toBe(200);
    await harness.settle();

    const tampered = await harness.post('/webhooks/payments/generic', rawBody.replace('evt-13', 'evt-14'), {
      apiKey: null,
      headers: { 'content-type': 'application/json', 'dunning-signature': harness.signWebhook(rawBody) },
    });
    expect(tampered.status).toBe(400);

    expect((await view(paidByWebhook.number)).status).toBe('paid');
    expect(datesOf(await emailsFor(paidByWebhook.number))).toEqual([
      '2026-11-12T08:00:00.000Z',
      '2026-11-30T08:00:00.000Z',
      '2026-12-01T10:00:00.000Z',
    ]);
  });

  it('should run the full cadence of the unpaid invoice at the worked example dates', async () => {
    await harness.advanceTo('2027-01-15T00:00:00Z');
    const toCustomer = (await emailsFor(unpaid.number)).filter((email) =>
      email.destination.to.includes(unpaid.customer.email),
    );
    expect(datesOf(toCustomer)).toEqual([
      '2026-11-12T08:00:00.000Z',
      '2026-11-30T08:00:00.000Z',
      '2026-12-07T08:00:00.000Z',
      '2026-12-21T08:00:00.000Z',
    ]);
    expect(toCustomer[3]?.subject).toMatch(/mise en demeure/i);
    expect(toCustomer[3]?.attachments).toHaveLength(2);
    const toSeller = (await emailsFor(unpaid.number)).filter((email) =>
      email.destination.to.includes(SELLER_CONTACT),
    );
    // No postal provider: the seller is asked to post the letter the day the notice goes out.
    const toPost = toSeller.filter((email) => email.subject.startsWith('À poster en recommandé'));
    expect(datesOf(toPost)).toEqual(['2026-12-21T08:00:00.000Z']);
    const escalation = toSeller.filter((email) => !toPost.includes(email));
    // The notice's deadline is Tuesday 29 December: the escalation comes the next business day.
    expect(datesOf(escalation)).toEqual(['2026-12-30T08:00:00.000Z']);
    expect((await view(unpaid.number)).status).toBe('escalated');
  });

  it('should never email the paid invoices again', async () => {
    expect(await emailsFor(paidByWebhook.number)).toHaveLength(3);
    expect(await emailsFor(paidBeforeDue.number)).toHaveLength(2);
  });
});
