import { type PlannedStep, planSchedule } from '../core/schedule';
import { sellerSchema } from '../core/schemas';
import { CADENCE_STEPS, type CadenceStep } from '../core/steps';
import { resumedStatus } from './invoices';
import type { Store } from './store';
import { InvoiceNotFoundError, SellerNotFoundError } from './workflow-errors';

/**
 * Plans (or re-plans after a pause) the cadence of a stored invoice and saves it. Steps already claimed
 * or sent are never planned again.
 */
export async function planScheduleFor(
  store: Store,
  invoiceId: string,
  mode: 'start' | 'resume',
  now: Date,
): Promise<PlannedStep[]> {
  const invoice = await store.getInvoice(invoiceId);
  if (!invoice) throw new InvoiceNotFoundError(invoiceId);
  const sellerRecord = await store.getSeller(invoice.sellerId);
  if (!sellerRecord) throw new SellerNotFoundError(invoice.sellerId);
  // Stored profiles were validated on write; parsing again fills defaults added since.
  const seller = sellerSchema.parse(sellerRecord.profile);

  const done: Partial<Record<CadenceStep, { at: string }>> = {};
  for (const step of CADENCE_STEPS) {
    const claim = invoice.steps?.[step];
    if (claim && claim.state !== 'released') done[step] = { at: claim.sentAt ?? claim.claimedAt };
  }
  const stored = invoice.schedule ?? [];
  // The schedule planned at registration (and shown in the 201) is kept as long as nothing in it is due
  // yet; an execution started late (a re-post after a failed start) re-plans, so nothing goes in a burst.
  const keep =
    mode === 'start' &&
    stored.length > 0 &&
    Object.keys(done).length === 0 &&
    stored.every((entry) => entry.state !== 'planned' || Date.parse(entry.at) >= now.getTime());
  const steps = keep
    ? [...stored]
    : planSchedule({
        dueDate: invoice.dueDate,
        cadence: seller.cadence,
        sendWindow: seller.sendWindow,
        now,
        mode,
        done,
      });
  if (!keep) await store.saveSchedule(invoiceId, steps);
  if (mode === 'resume' && invoice.status === 'paused') {
    // A pause with `until` ends here: this execution waited for it (`Wait until pause ends`).
    const resumed = await store.endPause(invoice, resumedStatus(invoice));
    if (resumed)
      await store.appendEvent(invoiceId, {
        at: now.toISOString(),
        type: 'dunning_resumed',
        trigger: 'pause_ended',
      });
  }
  return steps;
}
