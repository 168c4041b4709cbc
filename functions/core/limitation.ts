import { DateTime } from 'luxon';
import { addDays } from './dates';
import type { CustomerType } from './statement';

/**
 * Limitation periods (prescription) of an unpaid invoice, counted from its due date — the day the
 * seller could first claim payment (art. 2224 Code civil: the period runs from the day the holder
 * knew or should have known the facts allowing action):
 * - between traders, 5 years (art. L110-4 Code de commerce);
 * - against a consumer, 2 years for a professional selling goods or services (art. L218-2 Code de la
 *   consommation).
 * The period is counted in days and ends when its last day is over (art. 2228–2229 Code civil), so the
 * limitation date is the last day on which a claim (injonction de payer, summons) can still be filed:
 * the same calendar day N years later; a due date of 29 February ends on 28 February.
 */
export const LIMITATION_YEARS: Readonly<Record<CustomerType, number>> = { business: 5, consumer: 2 };

/** How many days before the limitation date the seller's contact is told (once). */
export const LIMITATION_ALERT_DAYS = 90;

/** The last day on which the claim can still be brought to court, `YYYY-MM-DD`. */
export function limitationDate(customerType: CustomerType, dueDate: string): string {
  return DateTime.fromISO(dueDate, { zone: 'UTC' })
    .plus({ years: LIMITATION_YEARS[customerType] })
    .toISODate() as string;
}

/** The day the seller is warned that the limitation date is near. */
export function limitationAlertDate(customerType: CustomerType, dueDate: string): string {
  return addDays(limitationDate(customerType, dueDate), -LIMITATION_ALERT_DAYS);
}

/**
 * How many past days the daily job reads again: alerts of a day the job did not run (an outage, a
 * disabled schedule) still go out, late, within a month.
 */
export const LIMITATION_ALERT_LOOKBACK_DAYS = 31;

/**
 * The day the alert of an invoice registered `today` is planned: 90 days before its limitation date,
 * or today when that day is already past; none once the limitation date itself is past.
 */
export function limitationAlertDay(
  customerType: CustomerType,
  dueDate: string,
  today: string,
): string | undefined {
  if (today > limitationDate(customerType, dueDate)) return undefined;
  const alertOn = limitationAlertDate(customerType, dueDate);
  return alertOn > today ? alertOn : today;
}

/** Whether an invoice gets its alert on `today`: still unpaid and open, not time-barred yet. */
export function limitationAlertDue(
  invoice: {
    readonly status: string;
    readonly balanceMinor: number;
    readonly dueDate: string;
    readonly customer: { readonly type: CustomerType };
  },
  today: string,
): boolean {
  if (invoice.status === 'paid' || invoice.status === 'cancelled' || invoice.balanceMinor <= 0) return false;
  const { type } = invoice.customer;
  return (
    today >= limitationAlertDate(type, invoice.dueDate) && today <= limitationDate(type, invoice.dueDate)
  );
}
