import { describe, expect, it } from 'vitest';
import { DEFAULT_SEND_WINDOW } from '../../functions/core/calendar';
import { CUSTOMER_ALREADY_CONTACTED, nextContactDay } from '../../functions/core/consolidation';
import {
  nextPlanAction,
  type PaymentPlan,
  type PostponedReminder,
  planReminders,
} from '../../functions/core/payment-plan';
import { THREE_INSTALLMENT_PLAN } from '../fixtures/payment-plans';

// 1 234,56 € in three installments, agreed on Monday 2026-12-07 (Paris, winter time: 09:00 = 08:00Z).
const plan = THREE_INSTALLMENT_PLAN;
const window = DEFAULT_SEND_WINDOW;
// The customer's minute of the window (sendSlot): 09:17 Paris.
const slot = { ...window, minute: 17 };

const moved = (key: string, at: string): PaymentPlan => ({
  ...plan,
  postponed: { key, at, reason: CUSTOMER_ALREADY_CONTACTED } satisfies PostponedReminder,
});

/** The plan's next move at a fake `now`, with the reminders already sent and their local days. */
const next = (
  movedPlan: PaymentPlan,
  now: string,
  paidMinor = 0,
  remindersDone: Record<string, string> = {},
) => nextPlanAction({ plan: movedPlan, paidMinor, window, now: new Date(now), remindersDone });

describe('nextPlanAction with a reminder moved by the contact day', () => {
  it('should wait for the moved time, over the weekend, then send the moved reminder', () => {
    // Installment 1's reminder was due Friday 11; the address had its message that day: Monday 14, 09:17.
    const at = nextContactDay('2026-12-11', slot).toISOString();
    expect(at).toBe('2026-12-14T08:17:00.000Z');
    const movedPlan = moved('installment_1_before', at);
    expect(next(movedPlan, '2026-12-11T08:00:00Z')).toEqual({ action: 'wait', at, installment: 1 });
    expect(next(movedPlan, at)).toEqual({
      action: 'send',
      installment: 1,
      phase: 'before',
      key: 'installment_1_before',
    });
  });

  it('should move over public holidays: a reminder due Thursday 24 December goes on Monday 28', () => {
    const christmas: PaymentPlan = {
      ...plan,
      installments: [{ dueDate: '2026-12-21', amountMinor: 61728 }, ...plan.installments.slice(1, 2)],
      postponed: {
        key: 'installment_1_after',
        // Friday 25 is Christmas, then the weekend.
        at: nextContactDay('2026-12-24', slot).toISOString(),
        reason: CUSTOMER_ALREADY_CONTACTED,
      },
    };
    const done = { installment_1_before: '2026-12-18' };
    expect(next(christmas, '2026-12-24T10:00:00Z', 0, done)).toEqual({
      action: 'wait',
      at: '2026-12-28T08:17:00.000Z',
      installment: 1,
    });
    expect(next(christmas, '2026-12-28T08:17:00Z', 0, done)).toMatchObject({
      action: 'send',
      key: 'installment_1_after',
    });
  });

  it('should send nothing for a moved reminder whose installment was paid meanwhile', () => {
    const movedPlan = moved('installment_1_before', '2026-12-14T08:17:00.000Z');
    // Installment 1 paid during the postponement: the plan waits for installment 2's own reminder.
    expect(next(movedPlan, '2026-12-14T08:17:00Z', 41152)).toEqual({
      action: 'wait',
      at: '2027-01-12T08:00:00.000Z',
      installment: 2,
    });
    expect(next(movedPlan, '2026-12-14T08:17:00Z', 123456)).toEqual({ action: 'completed' });
  });

  it('should still send a reminder moved to the installment date, and drop one moved past it', () => {
    const onTheDay = moved('installment_1_before', '2026-12-15T08:17:00.000Z');
    expect(next(onTheDay, '2026-12-15T08:17:00Z')).toMatchObject({
      action: 'send',
      key: 'installment_1_before',
    });
    // Moved to Wednesday 16, past Tuesday 15: the "not received" reminder follows, 3 sending days later.
    const pastIt = moved('installment_1_before', '2026-12-16T08:17:00.000Z');
    expect(next(pastIt, '2026-12-14T10:00:00Z')).toEqual({
      action: 'wait',
      at: '2026-12-18T08:00:00.000Z',
      installment: 1,
    });
  });

  it('should never send two installment reminders on one day, nor a moved one twice', () => {
    // The "before" reminder went on Friday 18 (moved there); the "after" one, moved to Friday 18 too,
    // waits for the next sending day.
    const movedPlan = moved('installment_1_after', '2026-12-18T08:17:00.000Z');
    expect(next(movedPlan, '2026-12-18T08:17:00Z', 0, { installment_1_before: '2026-12-18' })).toEqual({
      action: 'wait',
      at: '2026-12-21T08:00:00.000Z',
      installment: 1,
    });
    // Already sent at its new time: the plan moves on to the break check.
    const sent = { installment_1_before: '2026-12-11', installment_1_after: '2026-12-21' };
    expect(next(movedPlan, '2026-12-21T10:00:00Z', 0, sent)).toEqual({
      action: 'wait',
      at: '2026-12-30T08:00:00.000Z',
      installment: 1,
    });
  });
});

describe('planReminders', () => {
  const claims = {
    installment_1_before: {
      state: 'sent',
      claimedAt: '2026-12-11T08:00:01.000Z',
      sentAt: '2026-12-11T08:00:02.000Z',
    },
    installment_1_after: { state: 'released', claimedAt: '2026-12-18T08:00:01.000Z' },
    first_reminder: { state: 'sent', claimedAt: '2026-11-27T08:00:00.000Z' },
  };
  const running = { paidMinor: 0, running: true, today: '2026-12-18' };

  it('should list the claimed reminders and the moved one still to go, with its reason', () => {
    const movedPlan = moved('installment_1_after', '2026-12-21T08:17:00.000Z');
    expect(planReminders(movedPlan, claims, running, window)).toEqual([
      { key: 'installment_1_before', state: 'sent', at: '2026-12-11T08:00:02.000Z' },
      {
        key: 'installment_1_after',
        state: 'planned',
        at: '2026-12-21T08:17:00.000Z',
        reason: CUSTOMER_ALREADY_CONTACTED,
      },
    ]);
  });

  it('should drop the moved reminder once claimed, paid for, past its date or when the plan stopped', () => {
    const movedPlan = moved('installment_1_after', '2026-12-21T08:17:00.000Z');
    const sentAfter = {
      ...claims,
      installment_1_after: { state: 'sent', claimedAt: '2026-12-21T08:17:01.000Z' },
    };
    expect(planReminders(movedPlan, sentAfter, running, window).map((r) => r.state)).toEqual([
      'sent',
      'sent',
    ]);
    expect(planReminders(movedPlan, claims, { ...running, paidMinor: 41152 }, window)).toHaveLength(1);
    expect(planReminders(movedPlan, claims, { ...running, running: false }, window)).toHaveLength(1);
    const before = moved('installment_1_before', '2026-12-14T08:17:00.000Z');
    expect(planReminders(before, {}, { ...running, today: '2026-12-16' }, window)).toEqual([]);
    expect(planReminders(before, {}, { ...running, today: '2026-12-11' }, window)).toEqual([
      expect.objectContaining({ key: 'installment_1_before', state: 'planned' }),
    ]);
  });
});
