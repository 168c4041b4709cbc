import { noticeTerms } from '../core/legal-calendar';
import type { Seller } from '../core/schemas';
import { sendSlot } from '../core/spread';
import type { InvoiceRecord } from '../shared/store';
import type { EscalationPlan, SendStore } from './ports';

/**
 * Re-plans the escalation from the notice's actual send date (the first business day after the deadline
 * it printed) and stores it in the schedule; the state machine's next Wait reads it from the result.
 */
export async function replanEscalation(
  store: Pick<SendStore, 'replanStep'>,
  invoice: InvoiceRecord,
  now: Date,
  seller: Seller,
): Promise<EscalationPlan> {
  const at = escalationAfterNoticeOn(now, invoice, seller);
  const index = (invoice.schedule ?? []).findIndex((entry) => entry.step === 'escalation');
  if (index >= 0)
    await store.replanStep(invoice.invoiceId, { step: 'escalation', at, state: 'planned' }, index);
  return { at, state: 'planned' };
}

/** The escalation as stored (a notice already sent re-planned it), for a notice attempt that sent nothing. */
export function storedEscalation(invoice: InvoiceRecord, now: Date, seller: Seller): EscalationPlan {
  const entry = (invoice.schedule ?? []).find((candidate) => candidate.step === 'escalation');
  if (entry) return { at: entry.at, state: entry.state === 'planned' ? 'planned' : 'skipped' };
  return { at: escalationAfterNoticeOn(now, invoice, seller), state: 'planned' };
}

/** The escalation of a notice sent `now`, at this customer's minute of the seller's window. */
function escalationAfterNoticeOn(now: Date, invoice: InvoiceRecord, seller: Seller): string {
  const slot = sendSlot(seller.sendWindow, { sellerId: invoice.sellerId, customerId: invoice.customer.id });
  return noticeTerms(now, seller.cadence.noticeDeadlineDays, slot).escalationAt.toISOString();
}
