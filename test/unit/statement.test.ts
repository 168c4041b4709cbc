import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays } from '../../functions/core/dates';
import { legalInterestRate, statutoryPenaltyRate } from '../../functions/core/rates';
import { computeStatement, type StatementRequest } from '../../functions/core/statement';

const base: StatementRequest = {
  asOf: '2026-12-20',
  dueDate: '2026-11-20',
  currency: 'EUR',
  totalMinor: 123456,
  payments: [],
  customerType: 'business',
  annualRatePercent: 12.15,
};

describe('computeStatement', () => {
  it('should hold the design example: 1 234,56 €, 12.15 %, 30 days late', () => {
    expect(computeStatement(base)).toEqual({
      asOf: '2026-12-20',
      daysLate: 30,
      principalMinor: 123456,
      penaltyRatePercent: 12.15,
      penaltyRateBasis: 'contractual',
      penaltiesMinor: 1233,
      recoveryIndemnityMinor: 4000,
      legalInterestMinor: 0,
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

  it('should charge consumers neither penalties nor the indemnity (no interest before a notice)', () => {
    expect(computeStatement({ ...base, customerType: 'consumer' })).toEqual({
      asOf: '2026-12-20',
      daysLate: 30,
      principalMinor: 123456,
      penaltyRatePercent: 0,
      penaltyRateBasis: 'none',
      penaltiesMinor: 0,
      recoveryIndemnityMinor: 0,
      legalInterestMinor: 0,
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

  it('should carry the notice deadline it is given', () => {
    expect(computeStatement({ ...base, noticeDeadline: '2026-12-29' }).noticeDeadline).toBe('2026-12-29');
  });
});

describe('computeStatement with the statutory rate (no contractual rate)', () => {
  const statutory: StatementRequest = { ...base, annualRatePercent: undefined };

  it('should apply ECB + 10 points of the half-year: 2.15 + 10 = 12.15 % in late 2026', () => {
    const statement = computeStatement(statutory);
    expect(statement).toMatchObject({ penaltyRatePercent: 12.15, penaltyRateBasis: 'statutory' });
    expect(statement.penaltiesMinor).toBe(1233);
  });

  it('should switch rate at 1 July: 2025 H1 at 13.15 %, H2 at 12.15 % (worked example)', () => {
    // Due 2025-06-20, as of 2025-07-10: 10 days (21–30 June) at 3.15 + 10, 10 days (1–10 July) at 2.15 + 10.
    // 10 000 000 c × (0.1315 × 10 + 0.1215 × 10) / 365 = 69 315.07… → 69 315 c.
    const statement = computeStatement({
      ...statutory,
      dueDate: '2025-06-20',
      asOf: '2025-07-10',
      totalMinor: 10_000_000,
    });
    expect(statement.daysLate).toBe(20);
    expect(statement.penaltiesMinor).toBe(69_315);
    expect(statement.penaltyRatePercent).toBe(12.15);
  });

  it('should keep a contractual rate across the half-year switch', () => {
    const statement = computeStatement({
      ...base,
      annualRatePercent: 10,
      dueDate: '2025-06-20',
      asOf: '2025-07-10',
      totalMinor: 3_650_000,
    });
    expect(statement.penaltiesMinor).toBe(20_000);
  });
});

describe('computeStatement for consumers after a formal notice', () => {
  const consumer: StatementRequest = { ...base, customerType: 'consumer', annualRatePercent: undefined };

  it('should run legal-rate interest on the principal from the day after the notice (worked example)', () => {
    // Notice sent 2026-12-21; as of 2026-12-31: 10 days (22–31 Dec) at 2.62 % (legal rate, 2026).
    // 365 000 c × 0.0262 × 10 / 365 = 262 c.
    const statement = computeStatement({
      ...consumer,
      totalMinor: 365_000,
      asOf: '2026-12-31',
      noticeSentOn: '2026-12-21',
      noticeDeadline: '2026-12-29',
    });
    expect(statement).toMatchObject({
      penaltiesMinor: 0,
      recoveryIndemnityMinor: 0,
      legalInterestMinor: 262,
      totalDueMinor: 365_262,
      noticeDeadline: '2026-12-29',
    });
  });

  it('should owe no interest on the day of the notice itself', () => {
    const statement = computeStatement({ ...consumer, asOf: '2026-12-21', noticeSentOn: '2026-12-21' });
    expect(statement.legalInterestMinor).toBe(0);
  });

  it('should run interest only on what is still unpaid', () => {
    // 365 000 c, notice 2026-12-21, 165 000 c paid on the 26th: 5 days on 365 000, 5 days on 200 000.
    const statement = computeStatement({
      ...consumer,
      totalMinor: 365_000,
      asOf: '2026-12-31',
      noticeSentOn: '2026-12-21',
      payments: [{ amountMinor: 165_000, paidOn: '2026-12-26' }],
    });
    expect(statement.legalInterestMinor).toBe(Math.round(((365_000 * 5 + 200_000 * 5) * 0.0262) / 365));
  });

  it('should never put legal interest on a business customer', () => {
    const statement = computeStatement({ ...base, noticeSentOn: '2026-12-01' });
    expect(statement.legalInterestMinor).toBe(0);
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
    const rate = BigInt(Math.round((request.annualRatePercent ?? 0) * 10_000));
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

/** The day-by-day definition the statement must equal: each late day's balance × that day's rate / 365. */
function dayByDay(request: StatementRequest, lateUntil: string): { penalties: bigint; legal: bigint } {
  let penalties = 0n;
  let legal = 0n;
  const interestFrom = request.noticeSentOn ? addDays(request.noticeSentOn, 1) : undefined;
  for (let day = addDays(request.dueDate, 1); day <= lateUntil; day = addDays(day, 1)) {
    const paid = request.payments.filter((p) => p.paidOn < day).reduce((sum, p) => sum + p.amountMinor, 0);
    const balance = BigInt(Math.max(0, request.totalMinor - paid));
    const scaled = (rate: number) => BigInt(Math.round(rate * 10_000));
    if (request.customerType === 'business')
      penalties += balance * scaled(request.annualRatePercent ?? statutoryPenaltyRate(day));
    else if (interestFrom && day >= interestFrom) legal += balance * scaled(legalInterestRate(day));
  }
  return { penalties, legal };
}

describe('computeStatement per period', () => {
  it('should equal the day-by-day sum, whatever the payments, rates and half-years crossed', () => {
    const day = fc.integer({ min: 0, max: 1500 }).map((offset) => addDays('2023-01-01', offset));
    fc.assert(
      fc.property(
        day,
        fc.integer({ min: 0, max: 900 }),
        fc.array(
          fc.record({
            amountMinor: fc.integer({ min: 1, max: 60_000 }),
            offset: fc.integer({ min: 0, max: 900 }),
          }),
          {
            maxLength: 4,
          },
        ),
        fc.constantFrom<'business' | 'consumer'>('business', 'consumer'),
        fc.option(fc.constantFrom(12.15, 9.5, 15), { nil: undefined }),
        fc.option(fc.integer({ min: 0, max: 200 }), { nil: undefined }),
        (dueDate, lateDays, paymentSpecs, customerType, annualRatePercent, noticeOffset) => {
          const asOf = addDays(dueDate, lateDays);
          const request: StatementRequest = {
            asOf,
            dueDate,
            currency: 'EUR',
            totalMinor: 123_456,
            payments: paymentSpecs.map((p) => ({
              amountMinor: p.amountMinor,
              paidOn: addDays(dueDate, p.offset - 30),
            })),
            customerType,
            ...(annualRatePercent === undefined ? {} : { annualRatePercent }),
            ...(noticeOffset === undefined ? {} : { noticeSentOn: addDays(dueDate, noticeOffset) }),
          };
          const statement = computeStatement(request);
          const lateUntil = addDays(request.dueDate, statement.daysLate);
          const reference = dayByDay(
            { ...request, payments: request.payments.filter((p) => p.paidOn <= asOf) },
            lateUntil,
          );
          const denominator = 365n * 100n * 10_000n;
          const round = (value: bigint) => Number((2n * value + denominator) / (2n * denominator));
          expect(statement.penaltiesMinor).toBe(round(reference.penalties));
          expect(statement.legalInterestMinor).toBe(round(reference.legal));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('should compute a statement a century long (36 524 late days) from its periods', () => {
    const statement = computeStatement({ ...base, dueDate: '2000-01-01', asOf: '2099-12-31' });
    expect(statement.daysLate).toBe(36_524);
  });
});
