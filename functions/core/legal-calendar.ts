import { addDays, localDate, weekday, windowOpening } from './dates';

/**
 * The French legal calendar used for the formal notice's deadline: business days are Monday to Friday
 * except the public holidays of art. L3133-1 Code du travail, plus Good Friday and 26 December in
 * Alsace-Moselle (art. L3134-13). A deadline that ends on a Saturday, a Sunday or a public holiday runs
 * to the next business day (the rule of art. 642 Code de procédure civile, applied to the notice).
 *
 * Kept apart from the seller's send calendar (date-holidays, 1.4 MB with its time-zone data) on
 * purpose: the deadline is a matter of French law whatever calendar the seller sends on, and the send
 * function, which computes it from the notice's actual send date, stays small. The overseas
 * departments' abolition-of-slavery days are not included (see docs/domain.md).
 */
export type LegalCalendar = 'FR' | 'FR-alsace-moselle';

const ALSACE_MOSELLE = new Set(['FR-57', 'FR-67', 'FR-68']);

/** The legal calendar of a seller, from its send-window holiday calendar (`FR-57` → Alsace-Moselle). */
export function legalCalendarFor(sendHolidays: string): LegalCalendar {
  return ALSACE_MOSELLE.has(sendHolidays) ? 'FR-alsace-moselle' : 'FR';
}

/** Easter Sunday of a Gregorian year (anonymous Gregorian algorithm, Meeus/Jones/Butcher). */
export function easterSunday(year: number): string {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

const cache = new Map<string, ReadonlySet<string>>();

/** The public holidays of a year in a legal calendar, as `YYYY-MM-DD`. */
export function legalHolidays(year: number, calendar: LegalCalendar): ReadonlySet<string> {
  const key = `${calendar}:${year}`;
  const cached = cache.get(key);
  if (cached) return cached;
  const easter = easterSunday(year);
  // Art. L3133-1 Code du travail.
  const days = ['01-01', '05-01', '05-08', '07-14', '08-15', '11-01', '11-11', '12-25'].map(
    (monthDay) => `${year}-${monthDay}`,
  );
  days.push(addDays(easter, 1), addDays(easter, 39), addDays(easter, 50));
  // Art. L3134-13 Code du travail (Alsace-Moselle): Good Friday and St Stephen's Day.
  if (calendar === 'FR-alsace-moselle') days.push(addDays(easter, -2), `${year}-12-26`);
  const set = new Set(days);
  cache.set(key, set);
  return set;
}

export function isLegalBusinessDay(isoDate: string, calendar: LegalCalendar): boolean {
  if (weekday(isoDate) > 5) return false;
  return !legalHolidays(Number(isoDate.slice(0, 4)), calendar).has(isoDate);
}

/** The first business day on or after a date. */
export function businessDayOnOrAfter(isoDate: string, calendar: LegalCalendar): string {
  let day = isoDate;
  while (!isLegalBusinessDay(day, calendar)) day = addDays(day, 1);
  return day;
}

/** The notice gives at least this many calendar days to pay (the customary eight days). */
export const MIN_NOTICE_DEADLINE_DAYS = 8;
export const DEFAULT_NOTICE_DEADLINE_DAYS = 8;

/**
 * The formal notice's payment deadline: its send date (seller-local) + `days` calendar days, moved to the
 * next business day when that falls on a weekend or a public holiday. Worked example: notice Friday
 * 2027-01-08 + 8 days = Saturday 16 → Monday 2027-01-18.
 */
export function noticeDeadline(sentOn: string, days: number, calendar: LegalCalendar): string {
  return businessDayOnOrAfter(addDays(sentOn, days), calendar);
}

/** The escalation day: the first business day strictly after the deadline, never on or before it. */
export function escalationDay(deadline: string, calendar: LegalCalendar): string {
  return businessDayOnOrAfter(addDays(deadline, 1), calendar);
}

export interface NoticeTerms {
  /** Seller-local date the notice went (or will go) out. */
  readonly sentOn: string;
  /** Last day given to pay, a business day. */
  readonly deadline: string;
  /** When the escalation goes: the send window of the first business day after the deadline. */
  readonly escalationAt: Date;
}

/**
 * Deadline and escalation of a formal notice sent (or planned) at `noticeAt`, for a seller's window
 * (time zone, hour, holiday calendar). Used by the planner on the planned date and by the send path on
 * the actual send date, so both always agree.
 */
export function noticeTerms(
  noticeAt: Date,
  noticeDeadlineDays: number,
  window: {
    readonly timezone: string;
    readonly hour: number;
    readonly minute?: number;
    readonly holidays: string;
  },
): NoticeTerms {
  const calendar = legalCalendarFor(window.holidays);
  const sentOn = localDate(noticeAt, window);
  const deadline = noticeDeadline(sentOn, noticeDeadlineDays, calendar);
  return { sentOn, deadline, escalationAt: windowOpening(escalationDay(deadline, calendar), window) };
}
