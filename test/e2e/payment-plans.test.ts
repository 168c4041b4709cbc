import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invoiceIdFor } from '../../functions/core/ids';
import { invoiceFa0012 } from '../fixtures/invoices';
import { atelierDupont } from '../fixtures/sellers';
import { type Harness, type HttpResult, type StoredEmail, sentAt, startHarness } from './harness';

function expectProblem(result: HttpResult, status: number): void {
  expect(result.status).toBe(status);
  expect(result.headers.get('content-type')).toContain('application/problem+json');
}

interface View {
  status: string;
  plan?: {
    state: string;
    installments: { dueDate: string; amountMinor: number; paidMinor: number; state: string }[];
    reminders: { key: string; state: string }[];
  };
  schedule: { step: string; state: string; reason?: string; at: string }[];
  events: { type: string; installment?: number }[];
}

const INSTALLMENTS = [
  { dueDate: '2026-12-15', amountMinor: 41152 },
  { dueDate: '2027-01-15', amountMinor: 41152 },
  { dueDate: '2027-02-15', amountMinor: 41152 },
];

const kept = {
  ...invoiceFa0012,
  number: 'FA-PLAN-KEPT',
  customer: { ...invoiceFa0012.customer, id: 'C-PLAN-1', email: 'kept@plan.example' },
};
const broken = {
  ...invoiceFa0012,
  number: 'FA-PLAN-BROKEN',
  customer: { ...invoiceFa0012.customer, id: 'C-PLAN-2', email: 'broken@plan.example' },
};

/**
 * Payment plans end to end: the invoice of the README (1 234,56 €, due 2026-11-20) gets a 3-installment
 * plan on 2026-12-01, after its first reminder. One customer keeps the plan; the other misses the second
 * installment.
 */
describe('payment plans', () => {
  let api: Harness;
  const keptId = invoiceIdFor(kept.sellerId, kept.number);
  const brokenId = invoiceIdFor(broken.sellerId, broken.number);
  const view = async (id: string) => (await api.get(`/invoices/${id}`)).json<View>();
  const pay = async (id: string, paymentId: string, amountMinor: number) =>
    expect((await api.post(`/invoices/${id}/payments`, { paymentId, amountMinor })).status).toBe(201);
  const subjects = (emails: StoredEmail[]) =>
    emails.map((email) => `${sentAt(email).slice(0, 10)} ${email.subject.replace(/\s/gu, ' ')}`);

  beforeAll(async () => {
    api = await startHarness({ now: '2026-11-02T10:00:00Z' });
    expect((await api.put('/sellers/atelier-dupont', atelierDupont)).status).toBe(201);
    for (const invoice of [kept, broken]) expect((await api.post('/invoices', invoice)).status).toBe(201);
    await api.advanceTo('2026-12-01T10:00:00Z');
  });

  afterAll(async () => {
    await api?.stop();
  });

  it('should refuse a plan that does not add up, goes back in time or is not increasing, and change nothing', async () => {
    const before = await view(keptId);
    const wrongSum = await api.post(`/invoices/${keptId}/payment-plan`, {
      installments: [INSTALLMENTS[0], INSTALLMENTS[1]],
    });
    expectProblem(wrongSum, 400);
    const backwards = await api.post(`/invoices/${keptId}/payment-plan`, {
      installments: [
        { dueDate: '2026-11-30', amountMinor: 61728 },
        { dueDate: '2026-11-29', amountMinor: 61728 },
      ],
    });
    expectProblem(backwards, 400);
    expect(JSON.stringify(backwards.json())).toContain('installments.1.dueDate');
    expectProblem(
      await api.post(`/invoices/${keptId}/payment-plan`, { installments: INSTALLMENTS, x: 1 }),
      400,
    );
    const after = await view(keptId);
    expect(after.status).toBe(before.status);
    expect(after.plan).toBeUndefined();
  });

  it('should agree a plan: status payment_plan, installments in the view, the cadence stopped', async () => {
    for (const id of [keptId, brokenId]) {
      const agreed = await api.post(`/invoices/${id}/payment-plan`, { installments: INSTALLMENTS });
      expect(agreed.status).toBe(201);
      expect(agreed.json<View>()).toMatchObject({
        status: 'payment_plan',
        plan: {
          state: 'active',
          installments: INSTALLMENTS.map((installment) => ({ ...installment, paidMinor: 0, state: 'due' })),
        },
      });
    }
    expectProblem(await api.post(`/invoices/${keptId}/payment-plan`, { installments: INSTALLMENTS }), 409);
  });

  it('should remind before each installment and send nothing else while the plan is kept', async () => {
    await api.advanceTo('2026-12-14T10:00:00Z');
    await pay(keptId, 'KEPT-1', 41152);
    await pay(brokenId, 'BROKEN-1', 41152);
    await api.advanceTo('2027-01-14T10:00:00Z');
    await pay(keptId, 'KEPT-2', 41152);
    const emails = (await api.emailsTo(kept.customer.email)).filter((email) => sentAt(email) > '2026-12-01');
    expect(subjects(emails)).toEqual([
      '2026-12-11 Échéance n°1 le 15/12/2026 – facture n°FA-PLAN-KEPT – 411,52 €',
      '2027-01-12 Échéance n°2 le 15/01/2027 – facture n°FA-PLAN-KEPT – 411,52 €',
    ]);
    expect((await view(keptId)).plan?.installments.map((installment) => installment.state)).toEqual([
      'paid',
      'paid',
      'due',
    ]);
  });

  it('should break a plan whose second installment is 15 days late and send the formal notice at the next window', async () => {
    await api.advanceTo('2027-02-02T10:00:00Z');
    const emails = (await api.emailsTo(broken.customer.email)).filter(
      (email) => sentAt(email) > '2026-12-01',
    );
    expect(subjects(emails)).toEqual([
      '2026-12-11 Échéance n°1 le 15/12/2026 – facture n°FA-PLAN-BROKEN – 411,52 €',
      '2027-01-12 Échéance n°2 le 15/01/2027 – facture n°FA-PLAN-BROKEN – 411,52 €',
      '2027-01-20 Échéance n°2 non reçue – facture n°FA-PLAN-BROKEN – 411,52 €',
      expect.stringMatching(/^2027-02-01 .*FA-PLAN-BROKEN/),
    ]);
    const [notice] = emails.slice(-1);
    expect(notice?.attachments.map((attachment) => attachment.filename)).toContain(
      'mise-en-demeure-FA-PLAN-BROKEN.pdf',
    );
    const final = await view(brokenId);
    expect(final.status).toBe('formal_notice_sent');
    expect(final.plan).toMatchObject({ state: 'broken' });
    expect(final.plan?.installments.map((installment) => installment.state)).toEqual(['paid', 'late', 'due']);
    expect(final.events).toContainEqual(
      expect.objectContaining({ type: 'payment_plan_broken', installment: 2 }),
    );
    expect(final.schedule.find((entry) => entry.step === 'second_reminder')).toMatchObject({
      state: 'skipped',
      reason: 'payment_plan_broken',
    });
  });

  it('should thank once when the last installment settles the invoice', async () => {
    await api.advanceTo('2027-02-14T10:00:00Z');
    await pay(keptId, 'KEPT-3', 41152);
    await api.settle();
    const emails = (await api.emailsTo(kept.customer.email)).filter((email) => sentAt(email) > '2027-01-13');
    expect(subjects(emails)).toEqual([
      '2027-02-12 Échéance n°3 le 15/02/2027 – facture n°FA-PLAN-KEPT – 411,52 €',
      expect.stringMatching(/^2027-02-14 .*FA-PLAN-KEPT/),
    ]);
    const final = await view(keptId);
    expect(final.status).toBe('paid');
    expect(final.plan?.state).toBe('completed');
    expect(final.plan?.installments.map((installment) => installment.state)).toEqual([
      'paid',
      'paid',
      'paid',
    ]);
    expect(final.events.filter((event) => event.type === 'thank_you_sent')).toHaveLength(1);
    expect(final.events.filter((event) => event.type === 'installment_reminder_sent')).toHaveLength(3);
  });
});
