import { describe, expect, it } from 'vitest';
import {
  ECB_MAIN_REFINANCING_RATES,
  halfYearOf,
  LEGAL_INTEREST_RATES,
  legalInterestRate,
  penaltyRateFloor,
  penaltyRateProblem,
  statutoryPenaltyRate,
} from '../../functions/core/rates';

describe('rate tables', () => {
  it('should list each table by increasing half-year, each entry on 1 January or 1 July with a source', () => {
    for (const table of [LEGAL_INTEREST_RATES, ECB_MAIN_REFINANCING_RATES]) {
      for (const [index, entry] of table.entries()) {
        expect(entry.from).toMatch(/^\d{4}-(01|07)-01$/);
        expect(entry.source.length).toBeGreaterThan(10);
        if (index > 0) expect(entry.from > (table[index - 1]?.from ?? '')).toBe(true);
      }
    }
  });
});

describe('halfYearOf', () => {
  it('should cut the year at 1 July', () => {
    expect(halfYearOf('2026-06-30')).toBe('2026-01-01');
    expect(halfYearOf('2026-07-01')).toBe('2026-07-01');
    expect(halfYearOf('2026-12-31')).toBe('2026-07-01');
  });
});

describe('legalInterestRate', () => {
  it('should give the published rate of the half-year (professional creditors)', () => {
    expect(legalInterestRate('2025-06-30')).toBe(3.71);
    expect(legalInterestRate('2025-07-01')).toBe(2.76);
    expect(legalInterestRate('2026-03-15')).toBe(2.62);
  });

  it('should use the latest known value for a half-year not published yet', () => {
    expect(legalInterestRate('2027-09-01')).toBe(legalInterestRate('2026-01-01'));
  });

  it('should use the earliest known value before the table starts', () => {
    expect(legalInterestRate('2012-05-01')).toBe(0.93);
  });
});

describe('statutoryPenaltyRate', () => {
  it('should add 10 points to the ECB rate in force on 1 January or 1 July', () => {
    expect(statutoryPenaltyRate('2023-03-01')).toBe(12.5);
    expect(statutoryPenaltyRate('2023-09-01')).toBe(14);
    expect(statutoryPenaltyRate('2024-07-01')).toBe(14.25);
    expect(statutoryPenaltyRate('2025-06-30')).toBe(13.15);
    expect(statutoryPenaltyRate('2025-07-01')).toBe(12.15);
    expect(statutoryPenaltyRate('2022-12-31')).toBe(10);
  });
});

describe('penaltyRateFloor and penaltyRateProblem', () => {
  it('should be 3 × the legal rate of the issue half-year: 7.86 % in 2026, 15.21 % in early 2024', () => {
    expect(penaltyRateFloor('2026-10-21')).toBe(7.86);
    expect(penaltyRateFloor('2024-02-01')).toBe(15.21);
    expect(penaltyRateFloor('2025-07-01')).toBe(8.28);
  });

  it('should reject 5 % naming the floor, the legal rate and the half-year', () => {
    expect(penaltyRateProblem(5, '2026-10-21')).toBe(
      'must be at least 7.86 % (3 × the legal interest rate of 2.62 % for the second half of 2026, art. L441-10 Code de commerce)',
    );
  });

  it('should reject 12.15 % for an invoice issued in the first half of 2024 (floor 15.21 %)', () => {
    expect(penaltyRateProblem(12.15, '2024-03-01')).toMatch(/at least 15.21 %/);
  });

  it('should accept the floor itself and anything above', () => {
    expect(penaltyRateProblem(7.86, '2026-10-21')).toBeUndefined();
    expect(penaltyRateProblem(12.15, '2026-10-21')).toBeUndefined();
  });
});
