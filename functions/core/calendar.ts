import { addDays, localDate, weekday, windowOpening } from './dates';
import { CalendarError } from './errors';
import { CALENDARS, COUNTRY, type EncodedDates, FIRST_YEAR, LAST_YEAR } from './generated/holidays';

export { addDays, daysBetween, localDate, windowOpening } from './dates';

/** Where and when a seller's messages go out. */
export interface SendWindow {
  /** IANA time zone of the seller, e.g. `Europe/Paris`. */
  readonly timezone: string;
  /** Local hour (0–23) at which the window opens. */
  readonly hour: number;
  /** Skip Saturdays, Sundays and public holidays. */
  readonly businessDaysOnly: boolean;
  /** Public-holiday calendar: `FR`, a French region such as `FR-57` (Alsace-Moselle), or `none`. */
  readonly holidays: string;
  /** Width of the window in minutes: sends are spread over `[hour, hour + spreadMinutes)` (spread.ts). */
  readonly spreadMinutes?: number;
  /** One customer's minute inside the window (set by `sendSlot`); absent = the opening itself. */
  readonly minute?: number;
}

export const DEFAULT_SEND_WINDOW: SendWindow = {
  timezone: 'Europe/Paris',
  hour: 9,
  businessDaysOnly: true,
  holidays: 'FR',
  spreadMinutes: 60,
};

/** Public holidays per calendar and year, as `YYYY-MM-DD` strings, decoded once. */
const holidayCache = new Map<string, ReadonlySet<string>>();

/**
 * `none`, `FR`, or a French region date-holidays knows (`FR-57` Alsace-Moselle, `FR-MQ` Martinique…).
 * The calendars are computed at build time by date-holidays (scripts/build-holidays.ts): the library
 * and its time-zone and astronomy data stay out of the Lambda bundles.
 */
export function isKnownHolidayCalendar(code: string): boolean {
  return code === 'none' || Object.hasOwn(CALENDARS, code);
}

function decode(encoded: EncodedDates | undefined, year: number): string[] {
  if (encoded === undefined) return [];
  const ofYear = encoded.years.split(',')[year - FIRST_YEAR] ?? '';
  return `${encoded.every} ${ofYear}`
    .split(' ')
    .filter((date) => date !== '')
    .map((date) => `${year}-${date.slice(0, 2)}-${date.slice(2)}`);
}

/** The public holidays (type `public` only: not observances such as Mother's Day) of a calendar year. */
export function publicHolidays(calendar: string, year: number): ReadonlySet<string> {
  if (calendar === 'none') return new Set();
  const key = `${calendar}:${year}`;
  const cached = holidayCache.get(key);
  if (cached) return cached;
  if (!isKnownHolidayCalendar(calendar)) throw new CalendarError(`Unknown holiday calendar "${calendar}"`);
  if (year < FIRST_YEAR || year > LAST_YEAR) {
    throw new CalendarError(`Public holidays are known from ${FIRST_YEAR} to ${LAST_YEAR}, not ${year}`);
  }
  const region = CALENDARS[calendar];
  const days = new Set(decode(CALENDARS[COUNTRY]?.base, year));
  for (const day of decode(region?.add, year)) days.add(day);
  for (const day of decode(region?.remove, year)) days.delete(day);
  holidayCache.set(key, days);
  return days;
}

/** Whether a local calendar date (`YYYY-MM-DD`) is a sending day for this window. */
export function isSendingDay(isoDate: string, window: SendWindow): boolean {
  if (!window.businessDaysOnly) return true;
  if (weekday(isoDate) > 5) return false;
  return !publicHolidays(window.holidays, Number(isoDate.slice(0, 4))).has(isoDate);
}

/** The first sending day on or after a local date. */
export function sendingDayOnOrAfter(isoDate: string, window: SendWindow): string {
  let day = isoDate;
  // Two weeks is more than any run of weekends and holidays in any French calendar.
  for (let guard = 0; guard < 15; guard += 1) {
    if (isSendingDay(day, window)) return day;
    day = addDays(day, 1);
  }
  throw new CalendarError(`No sending day within two weeks of ${isoDate}`);
}

/** The first window opening (at the window's minute, if any) at or after an instant. */
export function nextWindowAtOrAfter(instant: Date, window: SendWindow): Date {
  const today = localDate(instant, window);
  const todayOpening = windowOpening(today, window);
  if (isSendingDay(today, window) && todayOpening.getTime() >= instant.getTime()) return todayOpening;
  return windowOpening(sendingDayOnOrAfter(addDays(today, 1), window), window);
}
