/** How a customer usually pays: selects the wording of each reminder. */
export type PayerProfile = 'good' | 'standard' | 'bad';

/** One past invoice of the same customer, as the payer history sees it. */
export interface PaymentHistoryEntry {
  /** Days between the due date and full payment (negative or 0 when on time), or days late so far if unpaid. */
  readonly daysLate: number;
  readonly settled: boolean;
}

/**
 * Thresholds used when the accounting system gives no `payerProfile` (documented in the README):
 * - `good`: at least 2 settled invoices, average lateness ≤ 5 days and none paid more than 15 days late;
 * - `bad`: average lateness > 20 days, or any invoice 45 days or more late (paid or not),
 *   or 2 or more invoices currently unpaid past due;
 * - `standard` otherwise, and when there is no history.
 */
export const PAYER_THRESHOLDS = {
  goodMinSettled: 2,
  goodMaxAverageDaysLate: 5,
  goodMaxDaysLate: 15,
  badAverageDaysLate: 20,
  badAnyDaysLate: 45,
  badOpenLateInvoices: 2,
} as const;

export function derivePayerProfile(history: readonly PaymentHistoryEntry[]): PayerProfile {
  if (history.length === 0) return 'standard';
  const lateness = history.map((entry) => Math.max(0, entry.daysLate));
  const average = lateness.reduce((sum, days) => sum + days, 0) / lateness.length;
  const worst = Math.max(...lateness);
  const openLate = history.filter((entry) => !entry.settled && entry.daysLate > 0).length;
  if (
    average > PAYER_THRESHOLDS.badAverageDaysLate ||
    worst >= PAYER_THRESHOLDS.badAnyDaysLate ||
    openLate >= PAYER_THRESHOLDS.badOpenLateInvoices
  ) {
    return 'bad';
  }
  const settled = history.filter((entry) => entry.settled).length;
  if (
    settled >= PAYER_THRESHOLDS.goodMinSettled &&
    openLate === 0 &&
    average <= PAYER_THRESHOLDS.goodMaxAverageDaysLate &&
    worst <= PAYER_THRESHOLDS.goodMaxDaysLate
  ) {
    return 'good';
  }
  return 'standard';
}

/** The invoice's own profile wins; otherwise the customer's history decides. */
export function resolvePayerProfile(
  given: PayerProfile | undefined,
  history: readonly PaymentHistoryEntry[],
): PayerProfile {
  return given ?? derivePayerProfile(history);
}
