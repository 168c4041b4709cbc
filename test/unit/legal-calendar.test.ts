import Holidays from 'date-holidays';
import { describe, expect, it } from 'vitest';
import {
  easterSunday,
  escalationDay,
  isLegalBusinessDay,
  legalCalendarFor,
  legalHolidays,
  noticeDeadline,
  noticeTerms,
} from '../../functions/core/legal-calendar';

function dateHolidays(country: string, region: string | undefined, year: number): string[] {
  const source = region ? new Holidays(country, region) : new Holidays(country);
  return source
    .getHolidays(year)
    .filter((h) => h.type === 'public')
    .map((h) => h.date.slice(0, 10))
    .sort();
}

describe('legalHolidays', () => {
  it('should know Easter Sunday', () => {
    expect(easterSunday(2026)).toBe('2026-04-05');
    expect(easterSunday(2027)).toBe('2027-03-28');
    expect(easterSunday(2028)).toBe('2028-04-16');
  });

  it('should agree with date-holidays (FR and Alsace-Moselle) for 2020–2040', () => {
    for (let year = 2020; year <= 2040; year += 1) {
      expect([...legalHolidays(year, 'FR')].sort(), `FR ${year}`).toEqual(
        dateHolidays('FR', undefined, year),
      );
      expect([...legalHolidays(year, 'FR-alsace-moselle')].sort(), `FR-57 ${year}`).toEqual(
        dateHolidays('FR', '57', year),
      );
    }
  });

  it('should map the Moselle, Bas-Rhin and Haut-Rhin calendars to Alsace-Moselle', () => {
    expect(['FR-57', 'FR-67', 'FR-68', 'FR', 'none'].map(legalCalendarFor)).toEqual([
      'FR-alsace-moselle',
      'FR-alsace-moselle',
      'FR-alsace-moselle',
      'FR',
      'FR',
    ]);
  });
});

describe('noticeDeadline', () => {
  it('should give 8 calendar days when they end on a business day (Monday notice → Tuesday)', () => {
    expect(noticeDeadline('2026-12-21', 8, 'FR')).toBe('2026-12-29');
  });

  it('should move a Saturday deadline to Monday (Friday notice)', () => {
    expect(noticeDeadline('2027-01-08', 8, 'FR')).toBe('2027-01-18');
  });

  it('should move a deadline on a public holiday (Armistice, Wednesday 2026-11-11) to the next day', () => {
    expect(noticeDeadline('2026-11-03', 8, 'FR')).toBe('2026-11-12');
  });

  it('should skip Good Friday only in Alsace-Moselle', () => {
    // 2027-03-18 + 8 = Friday 26 March 2027, Good Friday.
    expect(noticeDeadline('2027-03-18', 8, 'FR')).toBe('2027-03-26');
    expect(noticeDeadline('2027-03-18', 8, 'FR-alsace-moselle')).toBe('2027-03-30');
  });
});

describe('escalationDay', () => {
  it('should be the first business day strictly after the deadline', () => {
    expect(escalationDay('2026-12-29', 'FR')).toBe('2026-12-30');
    expect(escalationDay('2027-01-15', 'FR')).toBe('2027-01-18');
    expect(escalationDay('2026-12-24', 'FR')).toBe('2026-12-28');
  });
});

describe('noticeTerms', () => {
  it('should hold the worked example: notice Mon 2026-12-21 → deadline Tue 29 → escalation Wed 30 at 09:00 Paris', () => {
    const terms = noticeTerms(new Date('2026-12-21T08:00:00Z'), 8, {
      timezone: 'Europe/Paris',
      hour: 9,
      holidays: 'FR',
    });
    expect(terms.sentOn).toBe('2026-12-21');
    expect(terms.deadline).toBe('2026-12-29');
    expect(terms.escalationAt.toISOString()).toBe('2026-12-30T08:00:00.000Z');
    expect(isLegalBusinessDay(terms.deadline, 'FR')).toBe(true);
  });
});
