import { localDate } from '../core/dates';
import type { Seller } from '../core/schemas';
import { computeStatement, type Statement } from '../core/statement';
import type { InvoiceRecord, PenaltyTerms } from './store';

/** The penalty terms of an invoice: fixed at registration, or the seller's for older invoices. */
export function penaltyTermsOf(record: Pick<InvoiceRecord, 'penaltyTerms'>, seller: Seller): PenaltyTerms {
  if (record.penaltyTerms) return record.penaltyTerms;
  const rate = seller.latePenalty?.annualRatePercent;
  return rate === undefined ? { basis: 'statutory' } : { basis: 'seller', annualRatePercent: rate };
}

/** The statement of amounts of an invoice as of a date, payments dated in the seller's time zone. */
export function statementFor(record: InvoiceRecord, seller: Seller, asOf: string): Statement {
  const notice = record.steps?.formal_notice;
  const noticeSentAt = notice?.state === 'sent' ? (notice.sentAt ?? notice.claimedAt) : undefined;
  const noticeSentOn =
    noticeSentAt === undefined ? undefined : localDate(new Date(noticeSentAt), seller.sendWindow);
  const rate = penaltyTermsOf(record, seller).annualRatePercent;
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
    ...(rate !== undefined ? { annualRatePercent: rate } : {}),
    // Interest and the deadline show only once the notice went out before the statement's date.
    ...(noticeSentOn !== undefined && noticeSentOn <= asOf ? { noticeSentOn } : {}),
    ...(record.noticeDeadline && noticeSentOn !== undefined && noticeSentOn <= asOf
      ? { noticeDeadline: record.noticeDeadline }
      : {}),
  });
}
