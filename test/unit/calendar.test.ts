import Holidays from 'date-holidays';
import { describe, expect, it } from 'vitest';
import { isKnownHolidayCalendar, publicHolidays } from '../../functions/core/calendar';
import { CalendarError } from '../../functions/core/errors';

/** What date-holidays itself says, the way the build-time data set was computed. */
function fromLibrary(calendar: string, year: number): string[] {
  const [country, region] = calendar.split('-') as [string, string | undefined];
  const source = region === undefined ? new Holidays(country) : new Holidays(country, region);
  return (source.getHolidays(year) || [])
    .filter((holiday) => holiday.type === 'public')
    .map((holiday) => holiday.date.slice(0, 10))
    .sort();
}

const FRENCH_CALENDARS = ['FR', ...Object.keys(new Holidays().getStates('FR') ?? {}).map((r) => `FR-${r}`)];

describe('calendar (public holidays computed at build time)', () => {
  it('should give exactly the public holidays date-holidays computes, for France and each of its regions', () => {
    for (const calendar of FRENCH_CALENDARS) {
      for (const year of [1950, 2000, 2024, 2025, 2026, 2027, 2028, 2038, 2100]) {
        expect([...publicHolidays(calendar, year)].sort(), `${calendar} ${year}`).toEqual(
          fromLibrary(calendar, year),
        );
      }
    }
  });

  it('should know France, its regions and "none", and nothing else', () => {
    for (const calendar of [...FRENCH_CALENDARS, 'none']) expect(isKnownHolidayCalendar(calendar)).toBe(true);
    for (const calendar of ['XX', 'DE', 'fr', 'FR-99', 'FR-', 'constructor', 'toString']) {
      expect(isKnownHolidayCalendar(calendar), calendar).toBe(false);
    }
  });

  it('should refuse a year outside the computed range rather than guess', () => {
    expect(() => publicHolidays('FR', 1899)).toThrow(CalendarError);
    expect(() => publicHolidays('FR', 2200)).toThrow(CalendarError);
  });
});
