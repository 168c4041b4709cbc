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
  /** The reminder the contact day last moved to a later business day (docs/domain.md). */
  readonly postponed?: PostponedReminder;
}

/**
 * An installment reminder moved because the customer's address already got its message that day: it
 * goes at `at` (the customer's minute of the next business day) instead of its own date.
 */
export interface PostponedReminder {
  /** The reminder's claim key (`installment_<n>_before|after`). */
  readonly key: string;
  /** ISO instant. */
  readonly at: string;
  readonly reason: string;
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
 * time already passed means the next window: nothing is sent in a burst. A reminder the contact day moved
 * (`plan.postponed`) goes at its new time instead; a "before" one moved past its installment's date is dropped.
 */
export function nextPlanAction(state: PlanState): PlanAction {
  const { plan, window, now } = state;
  const today = localDate(now, window);
  const open = allocateInstallments(plan, state.paidMinor, today).find((item) => item.state !== 'paid');
  if (!open) return { action: 'completed' };
  const lastDay = Object.values(state.remindersDone).sort().at(-1);

  const before = installmentReminderKey(open.number, 'before');
  const beforeDay = sendingDayOnOrBefore(addDays(open.dueDate, -REMINDER_DAYS_BEFORE), window);
  const beforeMoved = movedReminder(plan, before, open.dueDate, window);
  if (!(before in state.remindersDone)) {
    if (beforeMoved && today <= open.dueDate)
      return remind(open.number, 'before', beforeMoved, state, lastDay);
    if (!beforeMoved && today < open.dueDate && beforeDay >= today)
      return remind(open.number, 'before', windowOpening(beforeDay, window), state, lastDay);
  }
  const after = installmentReminderKey(open.number, 'after');
  if (!(after in state.remindersDone)) {
    const afterDay = addSendingDays(open.dueDate, REMINDER_SENDING_DAYS_AFTER, window);
    const natural = movedReminder(plan, after, open.dueDate, window) ?? windowOpening(afterDay, window);
    return remind(open.number, 'after', natural, state, lastDay);
  }
  const breakAt = windowOpening(sendingDayOnOrAfter(addDays(open.dueDate, BREAK_AFTER_DAYS), window), window);
  if (breakAt.getTime() > now.getTime()) {
    return { action: 'wait', at: breakAt.toISOString(), installment: open.number };
  }
  return { action: 'broken', installment: open.number };
}

/**
 * The instant a reminder moved by the contact day now goes, if `key` is the one moved. A reminder before
 * the installment moved past the installment's date is dropped (the "not received" one follows).
 */
function movedReminder(
  plan: PaymentPlan,
  key: string,
  dueDate: string,
  window: Pick<SendWindow, 'timezone'>,
): Date | undefined {
  const moved = plan.postponed;
  if (moved?.key !== key) return undefined;
  const at = new Date(moved.at);
  if (key.endsWith('_before') && localDate(at, window) > dueDate) return undefined;
  return at;
}

/**
 * The moved reminder while it is still to go (the view lists it as planned, with its reason): not yet
 * claimed (`claimed`: the invoice's claim keys), its installment not covered, the plan running.
 */
export function pendingPostponement(
  plan: PaymentPlan,
  paidMinor: number,
  claimed: readonly string[],
  today: string,
  window: Pick<SendWindow, 'timezone'>,
): PostponedReminder | undefined {
  const moved = plan.postponed;
  const parsed = moved ? parseInstallmentKey(moved.key) : undefined;
  if (!moved || !parsed || plan.state !== 'active' || claimed.includes(moved.key)) return undefined;
  // Reminders are about the first installment not yet covered: once it is paid, the moved one is moot.
  const installment = allocateInstallments(plan, paidMinor, today).find((item) => item.state !== 'paid');
  if (installment?.number !== parsed.number) return undefined;
  if (!movedReminder(plan, moved.key, installment.dueDate, window)) return undefined;
  // A "before" reminder whose installment date has passed no longer goes.
  if (parsed.phase === 'before' && today > installment.dueDate) return undefined;
  return moved;
}

/** One reminder of the plan as the invoice's view lists it. */
export interface PlanReminderView {
  readonly key: string;
  readonly state: string;
  readonly at: string;
  /** A moved reminder still to go: why it moved (`customer_already_contacted`). */
  readonly reason?: string;
}

/**
 * The plan's reminders for the view, in time order: every one claimed (sent, in flight, outcome unknown)
 * and, while it is still to go, the one the contact day moved (`planned`, with its reason).
 */
export function planReminders(
  plan: PaymentPlan,
  claims: Readonly<Record<string, { state: string; claimedAt: string; sentAt?: string } | undefined>>,
  context: { readonly paidMinor: number; readonly running: boolean; readonly today: string },
  window: Pick<SendWindow, 'timezone'>,
): PlanReminderView[] {
  const reminders: PlanReminderView[] = Object.entries(claims).flatMap(([key, claim]) =>
    claim && parseInstallmentKey(key) && claim.state !== 'released'
      ? [{ key, state: claim.state, at: claim.sentAt ?? claim.claimedAt }]
      : [],
  );
  const moved = context.running
    ? pendingPostponement(
        plan,
        context.paidMinor,
        reminders.map((reminder) => reminder.key),
        context.today,
        window,
      )
    : undefined;
  if (moved) reminders.push({ key: moved.key, state: 'planned', at: moved.at, reason: moved.reason });
  return reminders.sort((a, b) => a.at.localeCompare(b.at));
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
