import { DEFAULT_SEND_WINDOW } from '../core/calendar';
import { localDate } from '../core/dates';
import { NotFoundError } from '../core/errors';
import {
  type AgingReport,
  aging,
  type KpiInvoice,
  type KpiMessage,
  type Summary,
  summarize,
} from '../core/kpis';
import { isCadenceStep } from '../core/steps';
import type { InvoiceEvent, InvoiceRecord, Store } from './store';

/** Invoices whose events are read at once (one Query each): enough to overlap latency, gentle on the table. */
const EVENT_READS_IN_PARALLEL = 8;

/** The KPI view of a stored invoice and its events. */
export function toKpiInvoice(record: InvoiceRecord, events: readonly InvoiceEvent[]): KpiInvoice {
  const messages: KpiMessage[] = [];
  for (const [step, claim] of Object.entries(record.steps ?? {})) {
    if (!isCadenceStep(step) || claim?.state !== 'sent' || !claim.messageId || !claim.sentAt) continue;
    messages.push({ step, messageId: claim.messageId, sentAt: claim.sentAt });
  }
  const messageIdsOf = (type: string, permanentOnly = false) =>
    events
      .filter((event) => event.type === type && (!permanentOnly || event.bounceType === 'Permanent'))
      .map((event) => String(event.messageId));
  return {
    invoiceId: record.invoiceId,
    totalMinor: record.totalMinor,
    issueDate: record.issueDate,
    dueDate: record.dueDate,
    registeredAt: record.registeredAt,
    ...(record.cancellation ? { cancelledAt: record.cancellation.at } : {}),
    payments: Object.values(record.payments ?? {}).map(({ amountMinor, paidAt }) => ({
      amountMinor,
      paidAt,
    })),
    messages,
    bouncedMessageIds: messageIdsOf('email_bounce', true),
    complainedMessageIds: messageIdsOf('email_complaint'),
    repliedAt: events.filter((event) => event.type === 'customer_replied').map((event) => event.at),
  };
}

/**
 * Loads one seller's invoices in one currency as KPI inputs: the invoices by Query on the seller index,
 * then the events of those that were sent a message (bounces, complaints and replies only follow a
 * message), a few invoices at a time.
 */
export async function loadKpiInvoices(
  store: Store,
  sellerId: string,
  currency: string,
): Promise<KpiInvoice[]> {
  const records: InvoiceRecord[] = [];
  for await (const record of store.sellerInvoices(sellerId))
    if (record.currency === currency) records.push(record);
  const result: KpiInvoice[] = [];
  for (let index = 0; index < records.length; index += EVENT_READS_IN_PARALLEL) {
    const chunk = records.slice(index, index + EVENT_READS_IN_PARALLEL);
    const loaded = await Promise.all(
      chunk.map(async (record) => {
        const anySent = Object.values(record.steps ?? {}).some((claim) => claim?.state === 'sent');
        return toKpiInvoice(record, anySent ? await store.listEvents(record.invoiceId) : []);
      }),
    );
    result.push(...loaded);
  }
  return result;
}

async function sellerTimezone(store: Store, sellerId: string): Promise<string> {
  const seller = await store.getSeller(sellerId);
  if (!seller) throw new NotFoundError(`Seller ${sellerId} does not exist.`);
  return seller.profile.sendWindow?.timezone ?? DEFAULT_SEND_WINDOW.timezone;
}

export interface SummaryRequest {
  readonly sellerId: string;
  readonly from: string;
  readonly to: string;
  readonly currency: string;
}

export async function summaryReport(
  store: Store,
  request: SummaryRequest,
): Promise<SummaryRequest & Summary> {
  const timezone = await sellerTimezone(store, request.sellerId);
  const invoices = await loadKpiInvoices(store, request.sellerId, request.currency);
  const { sellerId, from, to, currency } = request;
  return { sellerId, from, to, currency, ...summarize(invoices, { from, to, timezone }) };
}

export async function agingReport(
  store: Store,
  request: { sellerId: string; asOf?: string; currency: string },
  now: Date,
): Promise<AgingReport & { sellerId: string; currency: string }> {
  const timezone = await sellerTimezone(store, request.sellerId);
  const asOf = request.asOf ?? localDate(now, { timezone });
  const invoices = await loadKpiInvoices(store, request.sellerId, request.currency);
  const report = aging(invoices, asOf, timezone);
  return { sellerId: request.sellerId, currency: request.currency, ...report };
}
