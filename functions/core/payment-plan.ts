import {
  addDays,
  localDate,
  nextWindowAtOrAfter,
  type SendWindow,
  sendingDayOnOrAfter,
  windowOpening,
} from './calendar';
import { MAX_EXECUTION_DAYS } from './schedule';

/**
 * Payment plans (échéancier): the customer pays the balance in installments agreed with the seller.
 * The plain cadence stops while the plan runs; each installment gets a reminder a few days before its
 * date and one a few business days after it if it is not covered; an installment left unpaid too long
 * breaks the plan and the cadence resumes at the formal notice. Pure rules, no AWS.
 */

export const MIN_INSTALLMENTS = 2;
export const MAX_INSTALLMENTS = 12;
/** Calendar days before an installment's date when its reminder goes (at the send window). */
export const REMINDER_DAYS_BEFORE = 3;
/** Sending days after an installment's date when the "not received" reminder goes. */
export const REMINDER_SENDING_DAYS_AFTER = 3;
/** Calendar days after an installment's date when, still uncovered, it breaks the plan. */
export const BREAK_AFTER_DAYS = 15;

export interface Installment {
  /** `YYYY-MM-DD`. */
  readonly dueDate: string;
  readonly amountMinor: number;
}

/** `POST /invoices/{invoiceId}/payment-plan`'s body, as validated by `paymentPlanInputSchema`. */
export interface PaymentPlanInput {
  readonly installments: readonly Installment[];
  readonly note?: string;
}

/** What the invoice item keeps about its plan. */
export interface PaymentPlan {
  readonly installments: readonly Installment[];
  readonly note?: string;
  /** When the plan was agreed (ISO instant). */
  readonly agreedAt: string;
  /** Payments received before the plan: only later ones count toward its installments. */
  readonly paidBeforeMinor: number;
  readonly state: 'active' | 'broken' | 'completed';
  /** Broken plans: the installment that broke it (1-based) and when. */
  readonly brokenAt?: string;
  readonly brokenInstallment?: number;
}

export type InstallmentState = 'due' | 'paid' | 'late';

export interface InstallmentView extends Installment {
  readonly number: number;
  readonly paidMinor: number;
  readonly state: InstallmentState;
}

/**
 * Problems of a proposed plan, each with the field it concerns: dates strictly increasing, the first
 * not in the past, the last early enough for the plan to run in one execution, amounts summing to the
 * balance.
 */
export function planProblems(
  input: PaymentPlanInput,
  context: { readonly today: string; readonly balanceMinor: number },
): { path: string; message: string }[] {
  const problems: { path: string; message: string }[] = [];
  const { installments } = input;
  installments.forEach((installment, index) => {
    if (index === 0 && installment.dueDate < context.today) {
      problems.push({
        path: 'installments.0.dueDate',
        message: `must not be before today (${context.today})`,
      });
    }
    const previous = installments[index - 1];
    if (previous && installment.dueDate <= previous.dueDate) {
      problems.push({
        path: `installments.${index}.dueDate`,
        message: `must be after installment ${index} (${previous.dueDate})`,
      });
    }
  });
  // The plan runs in one Step Functions execution (at most a year), break check included.
  const latest = addDays(context.today, MAX_EXECUTION_DAYS - BREAK_AFTER_DAYS - 20);
  const last = installments.at(-1);
  if (last && last.dueDate > latest) {
    problems.push({
      path: `installments.${installments.length - 1}.dueDate`,
      message: `must be on or before ${latest}: a plan runs for less than a year`,
    });
  }
  const sum = installments.reduce((total, installment) => total + installment.amountMinor, 0);
  if (sum !== context.balanceMinor) {
    problems.push({
      path: 'installments',
      message: `amounts must add up to the balance (${context.balanceMinor}), not ${sum}`,
    });
  }
  return problems;
}

/**
 * Payments since the plan, applied to installments in order: each installment is `paid` once covered,
 * `late` when uncovered after its date, `due` otherwise.
 */
export function allocateInstallments(plan: PaymentPlan, paidMinor: number, today: string): InstallmentView[] {
  let available = Math.max(0, paidMinor - plan.paidBeforeMinor);
  return plan.installments.map((installment, index) => {
    const covered = Math.min(available, installment.amountMinor);
    available -= covered;
    const state: InstallmentState =
      covered >= installment.amountMinor ? 'paid' : installment.dueDate < today ? 'late' : 'due';
    return { ...installment, number: index + 1, paidMinor: covered, state };
  });
}

export type InstallmentPhase = 'before' | 'after';

/** The claim key of one installment reminder: exactly once per installment and phase. */
export function installmentReminderKey(
  number: number,
  phase: InstallmentPhase,
): `installment_${number}_${InstallmentPhase}` {
  return `installment_${number}_${phase}`;
}

/**
 * The state machine's next move: `send` a reminder now, `wait` until an instant and ask again (a
 * reminder's time, or the day an installment would break the plan), the plan is `broken`, or every
 * installment is covered (`completed`). Asking again after each wait means a payment made meanwhile is
 * always seen before anything is sent.
 */
/** The installment and phase of a reminder key, or undefined when it is not one. */
export function parseInstallmentKey(key: string): { number: number; phase: InstallmentPhase } | undefined {
  const match = /^installment_([1-9]\d?)_(before|after)$/.exec(key);
  if (!match) return undefined;
  return { number: Number(match[1]), phase: match[2] as InstallmentPhase };
}

export type PlanAction =
  | {
      readonly action: 'send';
      readonly installment: number;
      readonly phase: InstallmentPhase;
      readonly key: string;
    }
  | { readonly action: 'wait'; readonly at: string; readonly installment: number }
  | { readonly action: 'broken'; readonly installment: number }
  | { readonly action: 'completed' };

export interface PlanState {
  readonly plan: PaymentPlan;
  readonly paidMinor: number;
  readonly window: SendWindow;
  readonly now: Date;
  /** Reminder keys already claimed or sent, with the local day they went (never two on one day). */
  readonly remindersDone: Readonly<Record<string, string>>;
}

/**
 * What the plan needs next (see `PlanAction`), for the first installment not yet covered:
 * - its reminder `REMINDER_DAYS_BEFORE` days before its date (skipped when that day has passed);
 * - after its date, its "not received" reminder `REMINDER_SENDING_DAYS_AFTER` sending days later;
 * - then a check at `BREAK_AFTER_DAYS` days late, which breaks the plan if it is still uncovered.
 * A reminder never goes on the day another one went (the later moves to the next sending day), and a
 * time already passed means the next window: nothing is sent in a burst.
 */
export function nextPlanAction(state: PlanState): PlanAction {
  const { plan, window, now } = state;
  const today = localDate(now, window);
  const open = allocateInstallments(plan, state.paidMinor, today).find((item) => item.state !== 'paid');
  if (!open) return { action: 'completed' };
  const lastDay = Object.values(state.remindersDone).sort().at(-1);

  const before = installmentReminderKey(open.number, 'before');
  const beforeDay = sendingDayOnOrBefore(addDays(open.dueDate, -REMINDER_DAYS_BEFORE), window);
  if (!(before in state.remindersDone) && today < open.dueDate && beforeDay >= today) {
    return remind(open.number, 'before', windowOpening(beforeDay, window), state, lastDay);
  }
  const after = installmentReminderKey(open.number, 'after');
  if (!(after in state.remindersDone)) {
    const afterDay = addSendingDays(open.dueDate, REMINDER_SENDING_DAYS_AFTER, window);
    return remind(open.number, 'after', windowOpening(afterDay, window), state, lastDay);
  }
  const breakAt = windowOpening(sendingDayOnOrAfter(addDays(open.dueDate, BREAK_AFTER_DAYS), window), window);
  if (breakAt.getTime() > now.getTime()) {
    return { action: 'wait', at: breakAt.toISOString(), installment: open.number };
  }
  return { action: 'broken', installment: open.number };
}

function remind(
  installment: number,
  phase: InstallmentPhase,
  natural: Date,
  state: PlanState,
  lastDay: string | undefined,
): PlanAction {
  let at = natural.getTime() >= state.now.getTime() ? natural : nextWindowAtOrAfter(state.now, state.window);
  if (lastDay !== undefined && localDate(at, state.window) <= lastDay) {
    at = windowOpening(sendingDayOnOrAfter(addDays(lastDay, 1), state.window), state.window);
  }
  if (at.getTime() > state.now.getTime()) return { action: 'wait', at: at.toISOString(), installment };
  return { action: 'send', installment, phase, key: installmentReminderKey(installment, phase) };
}

function sendingDayOnOrBefore(isoDate: string, window: SendWindow): string {
  let day = isoDate;
  for (let guard = 0; guard < 15; guard += 1) {
    if (sendingDayOnOrAfter(day, window) === day) return day;
    day = addDays(day, -1);
  }
  return isoDate;
}

function addSendingDays(isoDate: string, count: number, window: SendWindow): string {
  let day = isoDate;
  for (let added = 0; added < count; added += 1) day = sendingDayOnOrAfter(addDays(day, 1), window);
  return day;
}
