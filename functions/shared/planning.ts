import { nextWindowAtOrAfter } from '../core/calendar';
import { noticeTerms } from '../core/legal-calendar';
import { resumedStatus } from '../core/lifecycle';
import { type PlannedStep, planSchedule } from '../core/schedule';
import { type Seller, sellerSchema } from '../core/schemas';
import { CADENCE_STEPS, type CadenceStep } from '../core/steps';
import type { InvoiceRecord, Store } from './store';
import { InvoiceNotFoundError, SellerNotFoundError } from './workflow-errors';

/**
 * Plans (or re-plans after a pause) the cadence of a stored invoice and saves it. Steps already claimed
 * or sent are never planned again.
 */
export async function planScheduleFor(
  store: Store,
  invoiceId: string,
  mode: 'start' | 'resume' | 'plan_broken',
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
    : mode === 'plan_broken'
      ? afterBrokenPlan(invoice, seller, now, done)
      : planSchedule({
          dueDate: invoice.dueDate,
          cadence: seller.cadence,
          sendWindow: seller.sendWindow,
          now,
          mode,
          done,
          spreadKey: { sellerId: invoice.sellerId, customerId: invoice.customer.id },
        });
  if (!keep) await store.saveSchedule(invoiceId, steps);
  if (mode !== 'start' && invoice.status === 'paused') {
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

/**
 * A broken payment plan resumes the cadence at the formal notice, at the next window (an agreement the
 * customer did not keep is itself the reason to send it): the reminders not sent before the plan are
 * skipped, and the escalation follows the notice's deadline as usual.
 */
function afterBrokenPlan(
  invoice: Pick<InvoiceRecord, 'dueDate' | 'sellerId' | 'customer'>,
  seller: Seller,
  now: Date,
  done: Partial<Record<CadenceStep, { at: string }>>,
): PlannedStep[] {
  const noticeAt = nextWindowAtOrAfter(now, seller.sendWindow);
  const planned = planSchedule({
    dueDate: invoice.dueDate,
    cadence: seller.cadence,
    sendWindow: seller.sendWindow,
    now,
    mode: 'resume',
    done,
    spreadKey: { sellerId: invoice.sellerId, customerId: invoice.customer.id },
  });
  const terms = noticeTerms(noticeAt, seller.cadence.noticeDeadlineDays, seller.sendWindow);
  return planned.map((entry): PlannedStep => {
    if (done[entry.step]) return entry;
    if (entry.step === 'formal_notice') {
      return { step: entry.step, at: noticeAt.toISOString(), state: 'planned', deadline: terms.deadline };
    }
    if (entry.step === 'escalation') {
      return { step: entry.step, at: terms.escalationAt.toISOString(), state: 'planned' };
    }
    return { step: entry.step, at: entry.at, state: 'skipped', reason: 'payment_plan_broken' };
  });
}
