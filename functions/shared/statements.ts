import { localDate } from '../core/dates';
import type { Seller } from '../core/schemas';
import { computeStatement, type Statement } from '../core/statement';
import type { InvoiceRecord } from './store';

/** The statement of amounts of an invoice as of a date, payments dated in the seller's time zone. */
export function statementFor(record: InvoiceRecord, seller: Seller, asOf: string): Statement {
  return computeStatement({
    asOf,
    dueDate: record.dueDate,
    currency: record.currency,
    totalMinor: record.totalMinor,
    payments: Object.values(record.payments ?? {}).map((p) => ({
      amountMinor: p.amountMinor,
      paidOn: localDate(new Date(p.paidAt), seller.sendWindow),
    })),
    customerType: record.customer.type,
    annualRatePercent: seller.latePenalty.annualRatePercent,
    recoveryIndemnityMinor: seller.recoveryIndemnityMinor,
  });
}
