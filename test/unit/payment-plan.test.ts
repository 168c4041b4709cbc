import { describe, expect, it } from 'vitest';
import { DEFAULT_SEND_WINDOW } from '../../functions/core/calendar';
import { allocateInstallments, nextPlanAction, planProblems } from '../../functions/core/payment-plan';
import { paymentPlanInputSchema } from '../../functions/core/payment-plan-input';
import { THREE_INSTALLMENT_PLAN } from '../fixtures/payment-plans';

// 1 234,56 € in three installments, agreed on Monday 2026-12-07 (Paris, winter time: 09:00 = 08:00Z).
const plan = THREE_INSTALLMENT_PLAN;
const window = DEFAULT_SEND_WINDOW;
const at = (iso: string) => new Date(iso);

describe('planProblems', () => {
  const context = { today: '2026-12-07', balanceMinor: 123456 };

  it('should accept a plan whose amounts add up to the balance, with increasing dates', () => {
    expect(planProblems(paymentPlanInputSchema.parse({ installments: plan.installments }), context)).toEqual(
      [],
    );
  });

  it('should name each problem: a first date in the past, dates not increasing, a wrong sum', () => {
    const problems = planProblems(
      {
        installments: [
          { dueDate: '2026-12-01', amountMinor: 100 },
          { dueDate: '2026-12-01', amountMinor: 200 },
        ],
      },
      context,
    );
    expect(problems.map((problem) => problem.path)).toEqual([
      'installments.0.dueDate',
      'installments.1.dueDate',
      'installments',
    ]);
    expect(problems[2]?.message).toContain('123456');
  });

  it('should refuse a plan that would outlive one execution (a year)', () => {
    const problems = planProblems(
      {
        installments: [
          { dueDate: '2026-12-15', amountMinor: 61728 },
          { dueDate: '2027-12-15', amountMinor: 61728 },
        ],
      },
      context,
    );
    expect(problems).toEqual([expect.objectContaining({ path: 'installments.1.dueDate' })]);
  });

  it('should refuse fewer than 2 or more than 12 installments, unknown fields and non-integer amounts', () => {
    const one = { installments: [{ dueDate: '2026-12-15', amountMinor: 1 }] };
    const thirteen = {
      installments: Array.from({ length: 13 }, (_, i) => ({ dueDate: `2027-01-${10 + i}`, amountMinor: 1 })),
    };
    expect(paymentPlanInputSchema.safeParse(one).success).toBe(false);
    expect(paymentPlanInputSchema.safeParse(thirteen).success).toBe(false);
    expect(paymentPlanInputSchema.safeParse({ ...one, extra: 1 }).success).toBe(false);
    expect(
      paymentPlanInputSchema.safeParse({
        installments: [
          { dueDate: '2026-12-15', amountMinor: 1.5 },
          { dueDate: '2026-12-16', amountMinor: 1 },
        ],
      }).success,
    ).toBe(false);
  });
});

describe('allocateInstallments', () => {
  it('should apply payments since the plan to installments in order', () => {
    const views = allocateInstallments({ ...plan, paidBeforeMinor: 1000 }, 1000 + 41152 + 500, '2027-01-20');
    expect(views.map((view) => [view.paidMinor, view.state])).toEqual([
      [41152, 'paid'],
      [500, 'late'],
      [0, 'due'],
    ]);
  });
});

describe('nextPlanAction', () => {
  const state = (now: string, paidMinor = 0, remindersDone: Record<string, string> = {}) => ({
    plan,
    paidMinor,
    window,
    now: at(now),
    remindersDone,
  });

  it('should wait until 3 days before the first installment, then send its reminder', () => {
    expect(nextPlanAction(state('2026-12-07T10:00:00Z'))).toEqual({
      action: 'wait',
      at: '2026-12-11T08:00:00.000Z',
      installment: 1,
    });
    expect(nextPlanAction(state('2026-12-11T08:00:00Z'))).toEqual({
      action: 'send',
      installment: 1,
      phase: 'before',
      key: 'installment_1_before',
    });
  });

  it('should move a reminder falling on a weekend to the sending day before it', () => {
    // 2027-01-15 − 3 days = Tuesday 2027-01-12; 2027-02-15 − 3 = Friday 2027-02-12: no move needed.
    // 2026-12-15 − 3 = Saturday 2026-12-12 → Friday 2026-12-11 (above). Installment 2 once the first is paid:
    expect(
      nextPlanAction(state('2026-12-16T10:00:00Z', 41152, { installment_1_before: '2026-12-11' })),
    ).toEqual({
      action: 'wait',
      at: '2027-01-12T08:00:00.000Z',
      installment: 2,
    });
  });

  it('should remind 3 sending days after an unpaid installment, then wait for the 15th day late', () => {
    const done = { installment_1_before: '2026-12-11' };
    // Tuesday 15 → 3 sending days later: Friday 18.
    expect(nextPlanAction(state('2026-12-16T10:00:00Z', 0, done))).toEqual({
      action: 'wait',
      at: '2026-12-18T08:00:00.000Z',
      installment: 1,
    });
    const both = { ...done, installment_1_after: '2026-12-18' };
    // 15 days late: Wednesday 2026-12-30.
    expect(nextPlanAction(state('2026-12-18T10:00:00Z', 0, both))).toEqual({
      action: 'wait',
      at: '2026-12-30T08:00:00.000Z',
      installment: 1,
    });
    expect(nextPlanAction(state('2026-12-30T08:00:00Z', 0, both))).toEqual({
      action: 'broken',
      installment: 1,
    });
    // Paid in part only: still broken.
    expect(nextPlanAction(state('2026-12-30T08:00:00Z', 40000, both))).toEqual({
      action: 'broken',
      installment: 1,
    });
  });

  it('should skip a reminder whose day passed before the plan was agreed, and never send two on one day', () => {
    const late = { ...plan, agreedAt: '2026-12-14T10:00:00.000Z' };
    expect(
      nextPlanAction({
        plan: late,
        paidMinor: 0,
        window,
        now: at('2026-12-14T10:00:00Z'),
        remindersDone: {},
      }),
    ).toEqual({ action: 'wait', at: '2026-12-18T08:00:00.000Z', installment: 1 });
    const sentToday = { installment_1_before: '2026-12-18' };
    expect(nextPlanAction(state('2026-12-18T08:00:00Z', 0, sentToday))).toEqual({
      action: 'wait',
      at: '2026-12-21T08:00:00.000Z',
      installment: 1,
    });
  });

  it('should be completed once every installment is covered', () => {
    expect(nextPlanAction(state('2027-02-01T10:00:00Z', 123456))).toEqual({ action: 'completed' });
  });
});
