import Holidays from 'date-holidays';
import { addDays, localDate, weekday, windowOpening } from './dates';
import { CalendarError } from './errors';

export { addDays, daysBetween, localDate, windowOpening } from './dates';

/** Where and when a seller's messages go out. */
export interface SendWindow {
  /** IANA time zone of the seller, e.g. `Europe/Paris`. */
  readonly timezone: string;
  /** Local hour (0–23) at which the window opens. */
  readonly hour: number;
  /** Skip Saturdays, Sundays and public holidays. */
  readonly businessDaysOnly: boolean;
  /** Public-holiday calendar: `FR`, a region such as `FR-57` (Alsace-Moselle), or `none`. */
  readonly holidays: string;
}

export const DEFAULT_SEND_WINDOW: SendWindow = {
  timezone: 'Europe/Paris',
  hour: 9,
  businessDaysOnly: true,
  holidays: 'FR',
};

/** Public holidays per calendar and year, as `YYYY-MM-DD` strings (date-holidays is slow to query). */
const holidayCache = new Map<string, ReadonlySet<string>>();

export function isKnownHolidayCalendar(code: string): boolean {
  if (code === 'none') return true;
  const [country, region] = code.split('-');
  if (country === undefined) return false;
  const countries = new Holidays().getCountries() ?? {};
  if (!(country in countries)) return false;
  if (region === undefined) return true;
  const regions = new Holidays().getStates(country) ?? {};
  return region in regions;
}

/** The public holidays (type `public` only: not observances such as Mother's Day) of a calendar year. */
export function publicHolidays(calendar: string, year: number): ReadonlySet<string> {
  if (calendar === 'none') return new Set();
  const key = `${calendar}:${year}`;
  const cached = holidayCache.get(key);
  if (cached) return cached;
  if (!isKnownHolidayCalendar(calendar)) throw new CalendarError(`Unknown holiday calendar "${calendar}"`);
  const [country, region] = calendar.split('-') as [string, string | undefined];
  const source = region === undefined ? new Holidays(country) : new Holidays(country, region);
  const days = new Set(
    (source.getHolidays(year) || [])
      .filter((holiday) => holiday.type === 'public')
      .map((h) => h.date.slice(0, 10)),
  );
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
  // Two weeks is more than any run of weekends and holidays in any calendar date-holidays knows.
  for (let guard = 0; guard < 15; guard += 1) {
    if (isSendingDay(day, window)) return day;
    day = addDays(day, 1);
  }
  throw new CalendarError(`No sending day within two weeks of ${isoDate}`);
}

/** The first window opening at or after an instant. */
export function nextWindowAtOrAfter(instant: Date, window: SendWindow): Date {
  const today = localDate(instant, window);
  const todayOpening = windowOpening(today, window);
  if (isSendingDay(today, window) && todayOpening.getTime() >= instant.getTime()) return todayOpening;
  return windowOpening(sendingDayOnOrAfter(addDays(today, 1), window), window);
}
