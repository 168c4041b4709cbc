import { DateTime } from 'luxon';
import { CalendarError } from './errors';

/**
 * Calendar arithmetic on `YYYY-MM-DD` dates and seller-local days. Kept apart from the holiday
 * calendars (date-holidays and its time-zone data weigh 1.4 MB) so that functions that never plan a
 * schedule do not bundle them.
 */

const knownZones = new Set<string>();

export function assertZone(timezone: string): void {
  if (knownZones.has(timezone)) return;
  if (!DateTime.now().setZone(timezone).isValid) throw new CalendarError(`Unknown time zone "${timezone}"`);
  knownZones.add(timezone);
}

/** Adds calendar days to a `YYYY-MM-DD` date. */
export function addDays(isoDate: string, days: number): string {
  // Plain UTC date arithmetic: called in loops over days (statements, deadlines), where luxon is slow.
  const [year, month, day] = isoDate.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(year, month - 1, day + days)).toISOString().slice(0, 10);
}

/** ISO weekday of a `YYYY-MM-DD` date: 1 = Monday … 7 = Sunday. */
export function weekday(isoDate: string): number {
  const [year, month, day] = isoDate.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(year, month - 1, day)).getUTCDay() || 7;
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

/**
 * The window opening on a local date (09:00 in the seller's zone by default, plus the customer's minute
 * when the window is a slot), as an instant. Built from the local wall-clock time, so a DST change never
 * shifts the local send time.
 */
export function windowOpening(
  isoDate: string,
  window: { readonly timezone: string; readonly hour: number; readonly minute?: number },
): Date {
  assertZone(window.timezone);
  const local = DateTime.fromISO(isoDate, { zone: window.timezone }).set({
    hour: window.hour,
    minute: window.minute ?? 0,
    second: 0,
    millisecond: 0,
  });
  return local.toJSDate();
}
