import { MetricUnit } from '@aws-lambda-powertools/metrics';
import * as z from 'zod';
import { DEFAULT_SEND_WINDOW } from '../core/calendar';
import { AGING_BUCKETS, CUSTOMER_MESSAGE_STEPS, type KpiInvoice, RESPONSE_WINDOW_DAYS } from '../core/kpis';
import { outstandingSnapshot, responseSnapshot } from '../core/snapshot';
import { now } from '../shared/clock';
import { loadConfig } from '../shared/config';
import { toMajorUnits } from '../shared/finance-metrics';
import { logger } from '../shared/logger';
import { putMetric } from '../shared/metrics';
import { toKpiInvoice } from '../shared/reports';
import { type InvoiceRecord, Store } from '../shared/store';

const config = loadConfig({ TABLE_NAME: z.string().min(1) });
const store = new Store(config.TABLE_NAME);

/** Events are read only for invoices messaged within the response window (+1 day): the rest cannot change it. */
const EVENTS_LOOKBACK_MS = (RESPONSE_WINDOW_DAYS + 1) * 86_400_000;

function messagedSince(record: InvoiceRecord, sinceMs: number): boolean {
  return Object.entries(record.steps ?? {}).some(
    ([step, claim]) =>
      (CUSTOMER_MESSAGE_STEPS as readonly string[]).includes(step) &&
      claim?.sentAt !== undefined &&
      Date.parse(claim.sentAt) >= sinceMs,
  );
}

/**
 * The daily finance snapshot (EventBridge Scheduler): outstanding by aging bucket and DSO per currency,
 * customer replies and response windows, as metrics for the finance dashboard. Reads every seller's
 * invoices by Query (sellers through the seller list of the `bySeller` index), never by Scan.
 */
export const handler = async () => {
  const at = now();
  const books = new Map<string, { currency: string; timezone: string; invoices: KpiInvoice[] }>();
  const recent: KpiInvoice[] = [];
  let sellers = 0;
  for await (const seller of store.sellers()) {
    sellers += 1;
    const timezone = seller.profile.sendWindow?.timezone ?? DEFAULT_SEND_WINDOW.timezone;
    for await (const record of store.sellerInvoices(seller.sellerId)) {
      const withEvents = messagedSince(record, at.getTime() - EVENTS_LOOKBACK_MS);
      const invoice = toKpiInvoice(record, withEvents ? await store.listEvents(record.invoiceId) : []);
      const key = `${seller.sellerId}\n${record.currency}`;
      const book = books.get(key) ?? { currency: record.currency, timezone, invoices: [] };
      book.invoices.push(invoice);
      books.set(key, book);
      if (withEvents) recent.push(invoice);
    }
  }
  for (const [currency, snapshot] of outstandingSnapshot([...books.values()], at)) {
    for (const bucket of AGING_BUCKETS) {
      const { count, balanceMinor } = snapshot.buckets[bucket];
      putMetric(
        'OutstandingAmount',
        { currency, bucket },
        toMajorUnits(balanceMinor, currency),
        MetricUnit.NoUnit,
      );
      putMetric('OutstandingInvoices', { currency, bucket }, count);
    }
    if (snapshot.dsoDays !== null)
      putMetric('DaysSalesOutstanding', { currency }, snapshot.dsoDays, MetricUnit.NoUnit);
  }
  const responses = responseSnapshot(recent, at);
  putMetric('CustomerReplies', {}, responses.replies);
  putMetric('ResponseWindowsClosed', {}, responses.windowsClosed);
  putMetric('ResponsesWithin7Days', {}, responses.answered);
  logger.info('Finance snapshot emitted', { sellers, books: books.size, ...responses });
  return { sellers, books: books.size, ...responses };
};
