import { DateTime } from 'luxon';
import { CalendarError } from './errors';

/**
 * Calendar arithmetic on `YYYY-MM-DD` dates and seller-local days. Kept apart from the holiday
 * calendars (date-holidays and its time-zone data weigh 1.4 MB) so that functions that never plan a
 * schedule do not bundle them.
 */

export function assertZone(timezone: string): void {
  if (!DateTime.now().setZone(timezone).isValid) throw new CalendarError(`Unknown time zone "${timezone}"`);
}

/** Adds calendar days to a `YYYY-MM-DD` date. */
export function addDays(isoDate: string, days: number): string {
  return DateTime.fromISO(isoDate, { zone: 'UTC' }).plus({ days }).toISODate() as string;
}

/** Whole calendar days from `from` to `to` (both `YYYY-MM-DD`), negative when `to` is earlier. */
export function daysBetween(from: string, to: string): number {
  const start = DateTime.fromISO(from, { zone: 'UTC' });
  const end = DateTime.fromISO(to, { zone: 'UTC' });
  return Math.round(end.diff(start, 'days').days);
}

/** The seller-local calendar date of an instant. */
export function localDate(instant: Date, window: { readonly timezone: string }): string {
  assertZone(window.timezone);
  return DateTime.fromJSDate(instant).setZone(window.timezone).toISODate() as string;
}
