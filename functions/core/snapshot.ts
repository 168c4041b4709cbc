import { addDays, localDate } from './dates';
import {
  AGING_BUCKETS,
  type AgingBucket,
  aging,
  CUSTOMER_MESSAGE_STEPS,
  DSO_WINDOW_DAYS,
  type KpiInvoice,
  RESPONSE_WINDOW_DAYS,
} from './kpis';

/**
 * The daily finance snapshot across every seller (the scheduled job's figures): outstanding by aging
 * bucket and DSO per currency, and the customer responses whose window closed in the last 24 hours.
 * Pure: the job loads the books, this adds them up.
 */

/** One seller's invoices in one currency, with the seller's time zone. */
export interface Book {
  readonly currency: string;
  readonly timezone: string;
  readonly invoices: readonly KpiInvoice[];
}

export interface CurrencySnapshot {
  readonly buckets: Record<AgingBucket, { count: number; balanceMinor: number }>;
  /** `null` when nothing was invoiced in the last 90 days. */
  readonly dsoDays: number | null;
}

const DAY_MS = 86_400_000;

/** Outstanding by bucket and DSO per currency, each seller aged as of its own local date at `now`. */
export function outstandingSnapshot(books: readonly Book[], now: Date): Map<string, CurrencySnapshot> {
  const totals = new Map<
    string,
    { buckets: CurrencySnapshot['buckets']; outstanding: number; invoiced: number }
  >();
  for (const book of books) {
    const asOf = localDate(now, { timezone: book.timezone });
    const entry = totals.get(book.currency) ?? {
      buckets: Object.fromEntries(
        AGING_BUCKETS.map((b) => [b, { count: 0, balanceMinor: 0 }]),
      ) as CurrencySnapshot['buckets'],
      outstanding: 0,
      invoiced: 0,
    };
    const report = aging(book.invoices, asOf, book.timezone);
    for (const row of report.buckets) {
      entry.buckets[row.bucket].count += row.count;
      entry.buckets[row.bucket].balanceMinor += row.balanceMinor;
    }
    entry.outstanding += report.totalMinor;
    const windowStart = addDays(asOf, 1 - DSO_WINDOW_DAYS);
    for (const invoice of book.invoices) {
      const cancelled =
        invoice.cancelledAt !== undefined && localDate(new Date(invoice.cancelledAt), book) <= asOf;
      if (invoice.issueDate >= windowStart && invoice.issueDate <= asOf && !cancelled)
        entry.invoiced += invoice.totalMinor;
    }
    totals.set(book.currency, entry);
  }
  return new Map(
    [...totals].map(([currency, { buckets, outstanding, invoiced }]) => [
      currency,
      {
        buckets,
        dsoDays: invoiced === 0 ? null : Math.round((outstanding / invoiced) * DSO_WINDOW_DAYS * 10) / 10,
      },
    ]),
  );
}

/**
 * Over the 24 hours before `now`: customer messages whose 7-day response window closed (sent between
 * 8 and 7 days ago), how many of them drew a payment or a reply in that window, and replies recorded.
 */
export function responseSnapshot(
  invoices: readonly KpiInvoice[],
  now: Date,
): { windowsClosed: number; answered: number; replies: number } {
  const end = now.getTime() - RESPONSE_WINDOW_DAYS * DAY_MS;
  const start = end - DAY_MS;
  const messages = new Map<string, { sentAt: number; invoices: KpiInvoice[] }>();
  for (const invoice of invoices) {
    for (const message of invoice.messages) {
      const sentAt = Date.parse(message.sentAt);
      if (!(CUSTOMER_MESSAGE_STEPS as readonly string[]).includes(message.step)) continue;
      if (sentAt < start || sentAt >= end) continue;
      const entry = messages.get(message.messageId) ?? { sentAt, invoices: [] };
      entry.invoices.push(invoice);
      messages.set(message.messageId, entry);
    }
  }
  let answered = 0;
  for (const { sentAt, invoices: covered } of messages.values()) {
    const within = (instant: string) => {
      const at = Date.parse(instant);
      return at > sentAt && at <= sentAt + RESPONSE_WINDOW_DAYS * DAY_MS;
    };
    if (covered.some((i) => i.payments.some((p) => within(p.paidAt)) || i.repliedAt.some(within)))
      answered += 1;
  }
  const replies = invoices.reduce(
    (sum, invoice) =>
      sum +
      invoice.repliedAt.filter(
        (at) => Date.parse(at) >= now.getTime() - DAY_MS && Date.parse(at) < now.getTime(),
      ).length,
    0,
  );
  return { windowsClosed: messages.size, answered, replies };
}
