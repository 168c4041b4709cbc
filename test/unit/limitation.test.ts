import { describe, expect, it } from 'vitest';
import {
  LIMITATION_ALERT_DAYS,
  limitationAlertDate,
  limitationAlertDay,
  limitationAlertDue,
  limitationDate,
} from '../../functions/core/limitation';

describe('limitationDate', () => {
  it('should give a business claim five years from the due date (L110-4 C. com.)', () => {
    expect(limitationDate('business', '2026-11-20')).toBe('2031-11-20');
  });

  it('should give a consumer claim two years from the due date (L218-2 C. conso.)', () => {
    expect(limitationDate('consumer', '2026-11-20')).toBe('2028-11-20');
  });

  it('should end a period that starts on 29 February on 28 February', () => {
    expect(limitationDate('business', '2028-02-29')).toBe('2033-02-28');
    expect(limitationDate('consumer', '2028-02-29')).toBe('2030-02-28');
  });

  it('should keep 28 February when the end year is a leap year', () => {
    expect(limitationDate('consumer', '2026-02-28')).toBe('2028-02-28');
  });

  it('should cross the year end without drift', () => {
    expect(limitationDate('business', '2026-12-31')).toBe('2031-12-31');
  });
});

describe('limitationAlertDate', () => {
  it('should warn 90 days before the limitation date', () => {
    expect(LIMITATION_ALERT_DAYS).toBe(90);
    expect(limitationAlertDate('business', '2026-11-20')).toBe('2031-08-22');
    expect(limitationAlertDate('consumer', '2026-11-20')).toBe('2028-08-22');
  });

  it('should count the 90 days across a leap February', () => {
    // 2028-05-01 minus 90 days: April 30, March 31, February 29 days → 2028-02-01.
    expect(limitationAlertDate('consumer', '2026-05-01')).toBe('2028-02-01');
  });
});

describe('limitationAlertDay', () => {
  it('should plan the alert 90 days before the limitation date', () => {
    expect(limitationAlertDay('business', '2026-11-20', '2026-11-02')).toBe('2031-08-22');
  });

  it('should plan it today when that day is already past, and not at all once time-barred', () => {
    expect(limitationAlertDay('consumer', '2025-01-10', '2026-11-02')).toBe('2026-11-02');
    expect(limitationAlertDay('consumer', '2024-11-01', '2026-11-02')).toBeUndefined();
    expect(limitationAlertDay('consumer', '2024-11-02', '2026-11-02')).toBe('2026-11-02');
  });
});

describe('limitationAlertDue', () => {
  const open = {
    status: 'escalated',
    balanceMinor: 1000,
    dueDate: '2026-11-20',
    customer: { type: 'consumer' as const },
  };

  it('should be due from the alert date to the limitation date, for an unpaid invoice', () => {
    expect(limitationAlertDue(open, '2028-08-21')).toBe(false);
    expect(limitationAlertDue(open, '2028-08-22')).toBe(true);
    expect(limitationAlertDue(open, '2028-11-20')).toBe(true);
    expect(limitationAlertDue(open, '2028-11-21')).toBe(false);
  });

  it('should not be due for a paid, cancelled or settled invoice', () => {
    const day = '2028-09-01';
    expect(limitationAlertDue({ ...open, status: 'paid' }, day)).toBe(false);
    expect(limitationAlertDue({ ...open, status: 'cancelled' }, day)).toBe(false);
    expect(limitationAlertDue({ ...open, balanceMinor: 0 }, day)).toBe(false);
    expect(limitationAlertDue({ ...open, status: 'paused' }, day)).toBe(true);
  });
});
