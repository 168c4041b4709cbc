import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays } from '../../functions/core/dates';
import { computeStatement, type StatementRequest } from '../../functions/core/statement';

const base: StatementRequest = {
  asOf: '2026-12-20',
  dueDate: '2026-11-20',
  currency: 'EUR',
  totalMinor: 123456,
  payments: [],
  customerType: 'business',
  annualRatePercent: 12.15,
  recoveryIndemnityMinor: 4000,
};

describe('computeStatement', () => {
  it('should hold the design example: 1 234,56 €, 12.15 %, 30 days late', () => {
    expect(computeStatement(base)).toEqual({
      asOf: '2026-12-20',
      daysLate: 30,
      principalMinor: 123456,
      penaltyRatePercent: 12.15,
      penaltiesMinor: 1233,
      recoveryIndemnityMinor: 4000,
      totalDueMinor: 128689,
    });
  });

  it('should owe nothing extra on or before the due date', () => {
    const statement = computeStatement({ ...base, asOf: '2026-11-20' });
    expect(statement).toMatchObject({
      daysLate: 0,
      penaltiesMinor: 0,
      recoveryIndemnityMinor: 0,
      totalDueMinor: 123456,
    });
  });

  it('should start penalties the day after the due date', () => {
    // One day on 123 456 c at 12.15 %: 123456 × 0.1215 / 365 = 41.09… → 41.
    expect(computeStatement({ ...base, asOf: '2026-11-21' })).toMatchObject({
      daysLate: 1,
      penaltiesMinor: 41,
    });
  });

  it('should count a partial payment at the old balance on the day it is made', () => {
    // 10 days on 123 456 (21–30 Nov, payment on the 30th still at the old balance), 20 days on 23 456.
    const statement = computeStatement({
      ...base,
      payments: [{ amountMinor: 100000, paidOn: '2026-11-30' }],
    });
    const exact = ((123456 * 10 + 23456 * 20) * 0.1215) / 365;
    expect(statement.penaltiesMinor).toBe(Math.round(exact));
    expect(statement.principalMinor).toBe(23456);
    expect(statement.totalDueMinor).toBe(23456 + statement.penaltiesMinor + 4000);
  });

  it('should stop penalties at full payment but keep what had accrued and the indemnity', () => {
    const statement = computeStatement({
      ...base,
      payments: [{ amountMinor: 123456, paidOn: '2026-11-25' }],
    });
    expect(statement).toMatchObject({ daysLate: 5, principalMinor: 0, recoveryIndemnityMinor: 4000 });
    expect(statement.penaltiesMinor).toBe(Math.round((123456 * 5 * 0.1215) / 365));
  });

  it('should owe no penalty and no indemnity when paid in full on the due date', () => {
    const statement = computeStatement({
      ...base,
      payments: [{ amountMinor: 123456, paidOn: '2026-11-20' }],
    });
    expect(statement).toMatchObject({
      daysLate: 0,
      penaltiesMinor: 0,
      recoveryIndemnityMinor: 0,
      totalDueMinor: 0,
    });
  });

  it('should ignore payments made after the as-of date', () => {
    const statement = computeStatement({
      ...base,
      payments: [{ amountMinor: 123456, paidOn: '2026-12-24' }],
    });
    expect(statement.principalMinor).toBe(123456);
    expect(statement.penaltiesMinor).toBe(1233);
  });

  it('should charge consumers neither penalties nor the indemnity', () => {
    expect(computeStatement({ ...base, customerType: 'consumer' })).toEqual({
      asOf: '2026-12-20',
      daysLate: 30,
      principalMinor: 123456,
      penaltyRatePercent: 0,
      penaltiesMinor: 0,
      recoveryIndemnityMinor: 0,
      totalDueMinor: 123456,
    });
  });

  it('should not add the euro indemnity to an invoice in another currency', () => {
    const statement = computeStatement({ ...base, currency: 'USD' });
    expect(statement.recoveryIndemnityMinor).toBe(0);
    expect(statement.penaltiesMinor).toBe(1233);
  });

  it('should use actual/365 across 29 February', () => {
    // 2028-02-20 → 2028-03-01: 10 days including 29 February.
    const statement = computeStatement({
      ...base,
      dueDate: '2028-02-20',
      asOf: '2028-03-01',
      totalMinor: 3_650_000,
      annualRatePercent: 10,
    });
    expect(statement.daysLate).toBe(10);
    expect(statement.penaltiesMinor).toBe(10_000);
  });

  it('should round half up once, at the end', () => {
    // 73 000 c at 0.5 % for 1 day = 1.0 c exactly; 36 500 c → 0.5 c → 1; 36 499 c → 0.49999 → 0.
    const oneDay = { ...base, asOf: '2026-11-21', annualRatePercent: 0.5 };
    expect(computeStatement({ ...oneDay, totalMinor: 73_000 }).penaltiesMinor).toBe(1);
    expect(computeStatement({ ...oneDay, totalMinor: 36_500 }).penaltiesMinor).toBe(1);
    expect(computeStatement({ ...oneDay, totalMinor: 36_499 }).penaltiesMinor).toBe(0);
  });

  it('should refuse a rate with more than four decimals rather than round it silently', () => {
    expect(() => computeStatement({ ...base, annualRatePercent: 12.123456 })).toThrow(RangeError);
  });
});

describe('computeStatement per balance period', () => {
  /** The per-day sum the statement used to run, kept as the reference. */
  function penaltiesPerDay(request: StatementRequest): number {
    let weighted = 0n;
    for (let day = addDays(request.dueDate, 1); day <= request.asOf; day = addDays(day, 1)) {
      const paid = request.payments.filter((p) => p.paidOn < day).reduce((sum, p) => sum + p.amountMinor, 0);
      weighted += BigInt(Math.max(0, request.totalMinor - paid));
    }
    const rate = BigInt(Math.round(request.annualRatePercent * 10_000));
    const denominator = 365n * 100n * 10_000n;
    return Number((2n * weighted * rate + denominator) / (2n * denominator));
  }

  it('should equal the per-day sum for any partial payments (property)', () => {
    const day = fc.integer({ min: -30, max: 700 }).map((offset) => addDays('2026-11-20', offset));
    fc.assert(
      fc.property(
        fc.array(fc.record({ amountMinor: fc.integer({ min: 1, max: 40_000 }), paidOn: day }), {
          maxLength: 6,
        }),
        fc.integer({ min: 0, max: 700 }),
        (payments, lateDays) => {
          const request = { ...base, payments, asOf: addDays('2026-11-20', lateDays) };
          const statement = computeStatement(request);
          if (statement.principalMinor > 0) expect(statement.penaltiesMinor).toBe(penaltiesPerDay(request));
        },
      ),
    );
  });

  it('should compute the end of the century at once', () => {
    const statement = computeStatement({ ...base, asOf: '2099-12-31' });
    expect(statement.daysLate).toBe(26_704);
  });
});
