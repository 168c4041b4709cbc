import { deliveriesByMessage, type InvoiceView, toInvoiceView } from '../invoice-view';
import { statementFor } from '../statements';
import type { Store } from '../store';
import { requireInvoice, requireSeller } from './lookups';

/** The store methods the full view reads (its port). */
export type ViewStore = Pick<Store, 'getInvoice' | 'getSeller' | 'listEvents'>;

/**
 * `GET /invoices/{invoiceId}`: the full view (schedule with each message's delivery, events) and, with
 * `asOf`, the statement of amounts on that day.
 */
export async function viewInvoice(
  deps: { readonly store: ViewStore },
  invoiceId: string,
  asOf?: string,
): Promise<InvoiceView> {
  const record = await requireInvoice(deps.store, invoiceId);
  // Delivery events share the send's instant in local mode (and can in AWS): list them after the send.
  const events = (await deps.store.listEvents(invoiceId)).sort(
    (a, b) =>
      a.at.localeCompare(b.at) || Number(a.type.startsWith('email_')) - Number(b.type.startsWith('email_')),
  );
  const base = toInvoiceView(record);
  const deliveries = deliveriesByMessage(events);
  const schedule = base.schedule.map((entry) => {
    const delivery = entry.messageId ? deliveries.get(entry.messageId) : undefined;
    return delivery ? { ...entry, delivery } : entry;
  });
  const view: InvoiceView = { ...base, schedule, events };
  if (asOf === undefined) return view;
  const seller = await requireSeller(deps.store, record.sellerId);
  return { ...view, statement: statementFor(record, seller, asOf) };
}
