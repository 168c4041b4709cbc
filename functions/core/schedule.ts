import {
  addDays,
  localDate,
  nextWindowAtOrAfter,
  type SendWindow,
  sendingDayOnOrAfter,
  windowOpening,
} from './calendar';
import { DEFAULT_NOTICE_DEADLINE_DAYS, MIN_NOTICE_DEADLINE_DAYS, noticeTerms } from './legal-calendar';
import { type SpreadKey, sendSlot } from './spread';
import { CADENCE_KEYS, CADENCE_STEPS, type CadenceStep, OFFSET_STEPS, type OffsetStep } from './steps';

/**
 * Offsets in days from the due date (J), strictly increasing, courtesy before J and the rest after it;
 * and the days the formal notice gives to pay. The escalation has no offset: it follows the notice's
 * deadline (docs/domain.md).
 */
export interface Cadence {
  readonly courtesyReminder: number;
  readonly firstReminder: number;
  readonly secondReminder: number;
  readonly formalNotice: number;
  /** Calendar days given by the formal notice, at least 8; the deadline moves to a business day. */
  readonly noticeDeadlineDays: number;
}

export const DEFAULT_CADENCE: Cadence = {
  courtesyReminder: -8,
  firstReminder: 8,
  secondReminder: 15,
  formalNotice: 30,
  noticeDeadlineDays: DEFAULT_NOTICE_DEADLINE_DAYS,
};

export type SkipReason =
  | 'registered_late'
  | 'missed_during_pause'
  | 'already_sent'
  | 'undeliverable'
  | 'payment_plan_broken'
  /** Not a skip: the step moved to the next business day (the address got a message that day). */
  | 'customer_already_contacted';

export interface PlannedStep {
  readonly step: CadenceStep;
  /** ISO instant of the send (for a skipped step: when it would have been sent). */
  readonly at: string;
  readonly state: 'planned' | 'skipped';
  readonly reason?: SkipReason;
  /** Formal notice only: the payment deadline it gives (or gave), `YYYY-MM-DD`. */
  readonly deadline?: string;
}

export interface PlanRequest {
  /** Due date, `YYYY-MM-DD` (J). */
  readonly dueDate: string;
  readonly cadence: Cadence;
  readonly sendWindow: SendWindow;
  /** Registration time (`start`) or resume time (`resume`). */
  readonly now: Date;
  /** `start` on registration, `resume` after a pause. */
  readonly mode: 'start' | 'resume';
  /** Steps already sent or claimed, with when; they are never planned again. */
  readonly done?: Partial<Record<CadenceStep, { readonly at: string }>>;
  /**
   * Seller and customer of the invoice: every step goes at their minute of the send window (spread.ts).
   * Absent: at the window opening itself.
   */
  readonly spreadKey?: SpreadKey;
}

/** Where a step would go with no late registration and no pause: J + offset, moved to a sending day. */
export function naturalSendTime(dueDate: string, offsetDays: number, window: SendWindow): Date {
  return windowOpening(sendingDayOnOrAfter(addDays(dueDate, offsetDays), window), window);
}

/**
 * Plans the cadence of one invoice (docs/domain.md):
 * - each offset step at the window opening of J + offset, moved to the next sending day;
 * - steps whose time has passed are never sent in a burst: the courtesy reminder goes at the next window
 *   if that is still before the due date, else it is skipped; the first pending reminder after J goes at
 *   the next window and the following ones keep the seller's gaps after it;
 * - the escalation goes at the window of the first business day after the notice's deadline, computed
 *   from the notice's planned date (or its actual date once sent);
 * - never two messages for one invoice on one local day;
 * - every step at the seller–customer minute of the send window when `spreadKey` is given.
 */
export function planSchedule(unslotted: PlanRequest): PlannedStep[] {
  const request: PlanRequest = unslotted.spreadKey
    ? { ...unslotted, sendWindow: sendSlot(unslotted.sendWindow, unslotted.spreadKey) }
    : unslotted;
  const { dueDate, cadence, sendWindow, now, mode } = request;
  const done = request.done ?? {};
  const missedReason: SkipReason = mode === 'start' ? 'registered_late' : 'missed_during_pause';
  const planned: PlannedStep[] = [];
  /** Once one step has been moved to "the next window", the following ones keep the gaps after it. */
  let rebased = false;
  let previousAt: Date | undefined;
  let previousOffset: number | undefined;

  for (const step of CADENCE_STEPS) {
    if (step === 'escalation') {
      planned.push(planEscalation(request, planned));
      continue;
    }
    const offset = cadence[CADENCE_KEYS[step]];
    const natural = naturalSendTime(dueDate, offset, sendWindow);
    const sent = done[step];
    if (sent) {
      planned.push(
        withDeadline({ step, at: sent.at, state: 'skipped', reason: 'already_sent' }, cadence, request),
      );
      previousAt = new Date(sent.at);
      previousOffset = offset;
      continue;
    }

    let at: Date;
    if (step === 'courtesy_reminder') {
      if (natural.getTime() >= now.getTime()) {
        at = natural;
      } else {
        const next = nextWindowAtOrAfter(now, sendWindow);
        if (localDate(next, sendWindow) >= dueDate) {
          planned.push({ step, at: natural.toISOString(), state: 'skipped', reason: missedReason });
          continue;
        }
        at = next;
      }
    } else if (rebased && previousAt !== undefined && previousOffset !== undefined) {
      const gap = offset - previousOffset;
      at = windowOpening(
        sendingDayOnOrAfter(addDays(localDate(previousAt, sendWindow), gap), sendWindow),
        sendWindow,
      );
    } else if (natural.getTime() >= now.getTime()) {
      at = natural;
    } else {
      at = nextWindowAtOrAfter(now, sendWindow);
      rebased = true;
    }

    at = notOnTheSameDayAs(previousAt, at, sendWindow);
    planned.push(withDeadline({ step, at: at.toISOString(), state: 'planned' }, cadence, request));
    previousAt = at;
    previousOffset = offset;
  }
  return planned;
}

/** Adds the payment deadline to the formal notice's entry. */
function withDeadline(entry: PlannedStep, cadence: Cadence, request: PlanRequest): PlannedStep {
  if (entry.step !== 'formal_notice') return entry;
  const terms = noticeTerms(new Date(entry.at), cadence.noticeDeadlineDays, request.sendWindow);
  return { ...entry, deadline: terms.deadline };
}

/**
 * The escalation: after the notice's deadline, from the notice's planned or actual date. When that time
 * has passed (a resume long after the deadline), at the next window, which is later still.
 */
function planEscalation(request: PlanRequest, planned: readonly PlannedStep[]): PlannedStep {
  const sent = request.done?.escalation;
  if (sent) return { step: 'escalation', at: sent.at, state: 'skipped', reason: 'already_sent' };
  const notice = planned.find((entry) => entry.step === 'formal_notice') as PlannedStep;
  const { escalationAt } = noticeTerms(
    new Date(notice.at),
    request.cadence.noticeDeadlineDays,
    request.sendWindow,
  );
  const at =
    escalationAt.getTime() >= request.now.getTime()
      ? escalationAt
      : nextWindowAtOrAfter(request.now, request.sendWindow);
  return { step: 'escalation', at: at.toISOString(), state: 'planned' };
}

/** Moves `at` to the next sending day when it would fall on (or before) the previous message's day. */
function notOnTheSameDayAs(previous: Date | undefined, at: Date, window: SendWindow): Date {
  if (previous === undefined) return at;
  const previousDay = localDate(previous, window);
  if (localDate(at, window) > previousDay) return at;
  return windowOpening(sendingDayOnOrAfter(addDays(previousDay, 1), window), window);
}

/** Step Functions Standard executions last at most one year; keep a margin for holiday shifts and retries. */
export const MAX_EXECUTION_DAYS = 365;
const EXECUTION_MARGIN_DAYS = 20;

/**
 * Latest due date whose whole cadence still fits in one execution started at `now`.
 * Used to reject invoices due absurdly far ahead instead of failing the workflow months later.
 */
export function latestAcceptableDueDate(now: Date, cadence: Cadence, window: SendWindow): string {
  const today = localDate(now, window);
  // The escalation comes at most a week after the notice's deadline (weekends and holidays), inside the margin.
  const lastDay = cadence.formalNotice + cadence.noticeDeadlineDays + 1;
  return addDays(today, MAX_EXECUTION_DAYS - EXECUTION_MARGIN_DAYS - lastDay);
}

/** Validates a cadence: integer offsets, strictly increasing, courtesy before J and reminders after it. */
export function cadenceProblems(cadence: Cadence): string[] {
  const problems: string[] = [];
  const offsets = OFFSET_STEPS.map((step) => cadence[CADENCE_KEYS[step]]);
  for (let index = 1; index < offsets.length; index += 1) {
    const current = offsets[index] as number;
    const previous = offsets[index - 1] as number;
    if (current <= previous) {
      problems.push(
        `${CADENCE_KEYS[OFFSET_STEPS[index] as OffsetStep]} (${current}) must be after ${
          CADENCE_KEYS[OFFSET_STEPS[index - 1] as OffsetStep]
        } (${previous})`,
      );
    }
  }
  if (cadence.courtesyReminder >= 0) problems.push('courtesyReminder must be before the due date (negative)');
  if (cadence.firstReminder <= 0) problems.push('firstReminder must be after the due date (positive)');
  if (cadence.noticeDeadlineDays < MIN_NOTICE_DEADLINE_DAYS) {
    problems.push(`noticeDeadlineDays must be at least ${MIN_NOTICE_DEADLINE_DAYS} days`);
  }
  return problems;
}
