import { addDays, daysBetween } from './dates';

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
  /** The seller's contractual annual late-penalty rate, in percent (e.g. 12.15). */
  readonly annualRatePercent: number;
  /** The fixed recovery indemnity (art. D441-5: 40 €), in minor units of EUR. */
  readonly recoveryIndemnityMinor: number;
}

export interface Statement {
  readonly asOf: string;
  readonly daysLate: number;
  /** Unpaid balance of the invoice as of `asOf`. */
  readonly principalMinor: number;
  readonly penaltyRatePercent: number;
  readonly penaltiesMinor: number;
  readonly recoveryIndemnityMinor: number;
  readonly totalDueMinor: number;
}

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
 * Statement of amounts as of a date (art. L441-10 and D441-5 Code de commerce).
 *
 * Business customers: penalties accrue from the day after the due date, simple interest at the seller's
 * annual rate on each day's unpaid balance, actual/365 (as the statute's "annual rate" is applied in
 * practice, leap years included); a payment made on day P still counts at the old balance for day P.
 * The sum is computed exactly and rounded half-up to the cent once, at the end. The fixed 40 € recovery
 * indemnity is due once per late EUR invoice. Consumers owe neither.
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

  let penaltiesMinor = 0;
  if (isBusiness && daysLate > 0 && request.annualRatePercent > 0) {
    const rate = rateToScaledInteger(request.annualRatePercent);
    // Payments count from the day after they are made: day P still bears interest on the old balance.
    // The balance only changes on those days, so the sum runs per period between them, not per day
    // (work bounded by the number of payments, whatever the dates).
    const start = addDays(dueDate, 1);
    const end = addDays(lateUntil, 1);
    const changes = [...new Set(payments.map((p) => addDays(p.paidOn, 1)))]
      .filter((day) => day > start && day < end)
      .sort();
    let weightedBalance = 0n;
    let from = start;
    for (const to of [...changes, end]) {
      const paidBefore = payments.filter((p) => p.paidOn < from).reduce((sum, p) => sum + p.amountMinor, 0);
      const balance = Math.max(0, totalMinor - paidBefore);
      weightedBalance += BigInt(balance) * BigInt(daysBetween(from, to));
      from = to;
    }
    const denominator = DAYS_PER_YEAR * 100n * BigInt(RATE_SCALE);
    penaltiesMinor = Number(divideRoundHalfUp(weightedBalance * rate, denominator));
  }

  const recoveryIndemnityMinor =
    isBusiness && daysLate > 0 && request.currency === 'EUR' ? request.recoveryIndemnityMinor : 0;

  return {
    asOf,
    daysLate,
    principalMinor,
    penaltyRatePercent: isBusiness ? request.annualRatePercent : 0,
    penaltiesMinor,
    recoveryIndemnityMinor,
    totalDueMinor: principalMinor + penaltiesMinor + recoveryIndemnityMinor,
  };
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
