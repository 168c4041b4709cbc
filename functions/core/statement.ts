import { addDays, daysBetween } from './dates';
import {
  ECB_MAIN_REFINANCING_RATES,
  LEGAL_INTEREST_RATES,
  legalInterestRate,
  statutoryPenaltyRate,
} from './rates';

export type CustomerType = 'business' | 'consumer';

export interface PaymentRecord {
  readonly amountMinor: number;
  /** Local date of the payment, `YYYY-MM-DD`. */
  readonly paidOn: string;
}

export interface StatementRequest {
  readonly asOf: string;
  readonly dueDate: string;
  readonly currency: string;
  readonly totalMinor: number;
  readonly payments: readonly PaymentRecord[];
  readonly customerType: CustomerType;
  /**
   * The contractual annual late-penalty rate fixed on the invoice, in percent (e.g. 12.15); absent, the
   * statutory rate applies: the ECB main refinancing rate of each half-year + 10 points.
   */
  readonly annualRatePercent?: number;
  /** Seller-local date the formal notice was sent, when it was: consumer interest runs from the day after. */
  readonly noticeSentOn?: string;
  /** The payment deadline the formal notice gave, shown with the amounts. */
  readonly noticeDeadline?: string;
}

export interface Statement {
  readonly asOf: string;
  readonly daysLate: number;
  /** Unpaid balance of the invoice as of `asOf`. */
  readonly principalMinor: number;
  /** The penalty rate in force on the last day counted (0 for consumers). */
  readonly penaltyRatePercent: number;
  /** `contractual` (fixed on the invoice), `statutory` (ECB + 10 per half-year) or `none` (consumer). */
  readonly penaltyRateBasis: 'contractual' | 'statutory' | 'none';
  readonly penaltiesMinor: number;
  readonly recoveryIndemnityMinor: number;
  /** Consumers: legal-rate interest from the day after the formal notice; 0 for business customers. */
  readonly legalInterestMinor: number;
  /** The formal notice's payment deadline, once the notice is sent. */
  readonly noticeDeadline?: string;
  readonly totalDueMinor: number;
}

/** The fixed recovery indemnity of art. D441-5 Code de commerce: 40 €, per late invoice, not configurable. */
export const RECOVERY_INDEMNITY_MINOR = 4000;

/** Rates are carried as integers of 1/10 000 of a percent, so 12.15 % is exactly 121 500. */
const RATE_SCALE = 10_000;
const DAYS_PER_YEAR = 365n;

function rateToScaledInteger(ratePercent: number): bigint {
  const scaled = Math.round(ratePercent * RATE_SCALE);
  if (Math.abs(scaled - ratePercent * RATE_SCALE) > 1e-6) {
    throw new RangeError(`Late-penalty rate ${ratePercent} has more than 4 decimals`);
  }
  return BigInt(scaled);
}

/** Integer division rounding half up (amounts here are never negative). */
function divideRoundHalfUp(numerator: bigint, denominator: bigint): bigint {
  return (2n * numerator + denominator) / (2n * denominator);
}

/**
 * Statement of amounts as of a date.
 *
 * Business customers (art. L441-10 and D441-5 Code de commerce): penalties accrue from the day after the
 * due date, simple interest on each day's unpaid balance at the invoice's contractual rate, or, without
 * one, at the statutory rate of each day's half-year (ECB + 10 points); actual/365 (a day is 1/365 of the
 * annual rate, leap years included); a payment made on day P still counts at the old balance for day P.
 * The fixed 40 € recovery indemnity is due once per late EUR invoice.
 * Consumers (art. 1231-6 and 1344-1 Code civil): no penalty and no indemnity; from the day after the
 * formal notice is sent, interest at the legal rate of each day's half-year on the unpaid principal.
 * Each sum is computed exactly and rounded half-up to the cent once, at the end.
 */
export function computeStatement(request: StatementRequest): Statement {
  const { asOf, dueDate, totalMinor, customerType } = request;
  const payments = request.payments.filter((payment) => payment.paidOn <= asOf);
  const paidMinor = payments.reduce((sum, payment) => sum + payment.amountMinor, 0);
  const principalMinor = Math.max(0, totalMinor - paidMinor);

  const settledOn = dateOfFullPayment(totalMinor, payments);
  const lateUntil = settledOn !== undefined && settledOn < asOf ? settledOn : asOf;
  const daysLate = Math.max(0, daysBetween(dueDate, lateUntil));
  const isBusiness = customerType === 'business';
  const contractual = request.annualRatePercent;
  const penaltyRateOn = (day: string): number =>
    contractual !== undefined ? contractual : statutoryPenaltyRate(day);

  let weightedPenalty = 0n;
  let weightedLegal = 0n;
  const interestFrom = request.noticeSentOn === undefined ? undefined : addDays(request.noticeSentOn, 1);
  // Summed per period of constant balance and rate (not per day): the work is bounded by the number of
  // payments and rate changes, whatever the dates.
  for (const period of constantPeriods(addDays(dueDate, 1), lateUntil, payments, interestFrom)) {
    // Payments count from the day after they are made: day P still bears interest on the old balance.
    const paidBefore = payments
      .filter((p) => p.paidOn < period.from)
      .reduce((sum, p) => sum + p.amountMinor, 0);
    const balanceDays = BigInt(Math.max(0, totalMinor - paidBefore)) * BigInt(period.days);
    if (isBusiness) weightedPenalty += balanceDays * rateToScaledInteger(penaltyRateOn(period.from));
    else if (interestFrom !== undefined && period.from >= interestFrom)
      weightedLegal += balanceDays * rateToScaledInteger(legalInterestRate(period.from));
  }
  const denominator = DAYS_PER_YEAR * 100n * BigInt(RATE_SCALE);
  const penaltiesMinor = Number(divideRoundHalfUp(weightedPenalty, denominator));
  const legalInterestMinor = Number(divideRoundHalfUp(weightedLegal, denominator));

  const recoveryIndemnityMinor =
    isBusiness && daysLate > 0 && request.currency === 'EUR' ? RECOVERY_INDEMNITY_MINOR : 0;
  const lastDay = daysLate > 0 ? lateUntil : addDays(dueDate, 1);

  return {
    asOf,
    daysLate,
    principalMinor,
    penaltyRatePercent: isBusiness ? penaltyRateOn(lastDay) : 0,
    penaltyRateBasis: !isBusiness ? 'none' : contractual !== undefined ? 'contractual' : 'statutory',
    penaltiesMinor,
    recoveryIndemnityMinor,
    legalInterestMinor,
    ...(request.noticeDeadline ? { noticeDeadline: request.noticeDeadline } : {}),
    totalDueMinor: principalMinor + penaltiesMinor + recoveryIndemnityMinor + legalInterestMinor,
  };
}

/** What is owed beyond the principal: penalties, the indemnity and (consumers) legal interest. */
export function extrasDue(statement: Statement): number {
  return statement.penaltiesMinor + statement.recoveryIndemnityMinor + statement.legalInterestMinor;
}

/**
 * Splits `[first, last]` (inclusive days) where the balance or a rate may change: the day after each
 * payment, the day interest starts, and each half-year (rates are set per half-year, and the tables'
 * own start dates are breaks too).
 */
function constantPeriods(
  first: string,
  last: string,
  payments: readonly PaymentRecord[],
  interestFrom: string | undefined,
): { from: string; days: number }[] {
  if (first > last) return [];
  const breaks = new Set<string>([first]);
  for (const payment of payments) breaks.add(addDays(payment.paidOn, 1));
  if (interestFrom !== undefined) breaks.add(interestFrom);
  for (let year = Number(first.slice(0, 4)); year <= Number(last.slice(0, 4)); year += 1) {
    breaks.add(`${year}-01-01`);
    breaks.add(`${year}-07-01`);
  }
  for (const rate of [...LEGAL_INTEREST_RATES, ...ECB_MAIN_REFINANCING_RATES]) breaks.add(rate.from);
  const starts = [...breaks].filter((day) => day >= first && day <= last).sort();
  return starts.map((from, index) => ({
    from,
    days: daysBetween(from, starts[index + 1] ?? addDays(last, 1)),
  }));
}

/** The day the cumulative payments first covered the total, if they did. */
function dateOfFullPayment(totalMinor: number, payments: readonly PaymentRecord[]): string | undefined {
  let paid = 0;
  for (const payment of [...payments].sort((a, b) => a.paidOn.localeCompare(b.paidOn))) {
    paid += payment.amountMinor;
    if (paid >= totalMinor) return payment.paidOn;
  }
  return undefined;
}
