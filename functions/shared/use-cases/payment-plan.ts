import { localDate } from '../../core/dates';
import { ConflictError, InvalidRequestError } from '../../core/errors';
import { executionNames } from '../../core/ids';
import { isClosed, statusAfter } from '../../core/lifecycle';
import {
  nextPlanAction,
  type PaymentPlan,
  type PaymentPlanInput,
  parseInstallmentKey,
  planProblems,
} from '../../core/payment-plan';
import type { Seller } from '../../core/schemas';
import type { ExecutionsPort } from '../executions';
import { type InvoiceView, toInvoiceView } from '../invoice-view';
import type { InvoiceRecord, Store } from '../store';
import { InvoiceNotFoundError, SellerNotFoundError } from '../workflow-errors';
import { requireInvoice, requireSeller } from './lookups';

/** The store methods this module uses (its port: a fake implements just these). */
export type PaymentPlanStore = Pick<
  Store,
  'getInvoice' | 'getSeller' | 'startPaymentPlan' | 'breakPaymentPlan' | 'endPause' | 'appendEvent'
>;

export interface PaymentPlanDeps {
  readonly store: PaymentPlanStore;
  readonly executions: ExecutionsPort;
  readonly now: () => Date;
}

/**
 * `POST /invoices/{invoiceId}/payment-plan`: records the plan, moves the invoice to `payment_plan`,
 * stops the cadence's execution and starts the plan's own (`mode: payment_plan`). The balance is
 * re-checked in the same write, so a payment landing meanwhile makes the plan's sum wrong: `409`.
 */
export async function agreePaymentPlan(
  deps: PaymentPlanDeps,
  invoiceId: string,
  input: PaymentPlanInput,
): Promise<InvoiceView> {
  const record = await requireInvoice(deps.store, invoiceId);
  const seller = await requireSeller(deps.store, record.sellerId);
  if (isClosed(record.status) || record.status === 'payment_plan') {
    throw new ConflictError(
      record.status === 'payment_plan'
        ? `Invoice ${invoiceId} already runs a payment plan.`
        : `Invoice ${invoiceId} is ${record.status}: there is nothing to plan.`,
    );
  }
  const now = deps.now();
  const problems = planProblems(input, {
    today: localDate(now, seller.sendWindow),
    balanceMinor: record.balanceMinor,
  });
  if (problems.length > 0) {
    throw new InvalidRequestError('The payment plan is not valid.', problems);
  }
  const plan: PaymentPlan = {
    installments: input.installments,
    ...(input.note ? { note: input.note } : {}),
    agreedAt: now.toISOString(),
    paidBeforeMinor: record.paidMinor,
    state: 'active',
  };
  const resumeCount = record.resumeCount + 1;
  const execution = executionNames.plan(invoiceId, resumeCount);
  if (!(await deps.store.startPaymentPlan(record, plan, { resumeCount, executionName: execution })))
    throw new ConflictError('The invoice was paid, cancelled or changed meanwhile; retry.');
  await deps.store.appendEvent(invoiceId, {
    at: plan.agreedAt,
    type: 'payment_plan_agreed',
    installments: input.installments.length,
    totalMinor: record.balanceMinor,
  });
  await deps.executions.stop(record.executionName, 'Payment plan agreed');
  await deps.executions.start(execution, { invoiceId, mode: 'payment_plan' });
  return toInvoiceView(await requireInvoice(deps.store, invoiceId));
}

/** What `Plan next installment step` hands the state machine (every field always present). */
export interface PlanStep {
  readonly action: 'send' | 'wait' | 'broken' | 'paid' | 'stopped' | 'completed';
  /** The instant to wait for (`wait`); now otherwise. */
  readonly at: string;
  /** The reminder's claim key (`send`); empty otherwise. */
  readonly key: string;
}

/**
 * The plan's next move for the state machine (see `nextPlanAction`). A plan found uncovered past its
 * limit is broken here, in one conditional write: the status goes back to the cadence's and the
 * state machine resumes the cadence at the formal notice. Ends a pause that this execution waited for.
 */
export async function planNextInstallmentStep(
  store: PaymentPlanStore,
  invoiceId: string,
  now: Date,
): Promise<PlanStep> {
  let invoice = await store.getInvoice(invoiceId);
  if (!invoice) throw new InvoiceNotFoundError(invoiceId);
  const sellerRecord = await store.getSeller(invoice.sellerId);
  if (!sellerRecord) throw new SellerNotFoundError(invoice.sellerId);
  const seller: Seller = sellerRecord.profile;
  const idle = { at: now.toISOString(), key: '' };
  if (invoice.status === 'paused' && invoice.plan?.state === 'active' && invoice.pause?.until !== undefined) {
    // A pause with `until` ends here: this execution waited for it (`Wait until pause ends`).
    if (await store.endPause(invoice, 'payment_plan')) {
      await store.appendEvent(invoiceId, {
        at: now.toISOString(),
        type: 'dunning_resumed',
        trigger: 'pause_ended',
      });
    }
    invoice = (await store.getInvoice(invoiceId)) ?? invoice;
  }
  if (invoice.status === 'paid') return { action: 'paid', ...idle };
  if (invoice.status !== 'payment_plan' || !invoice.plan || invoice.plan.state !== 'active') {
    return { action: 'stopped', ...idle };
  }
  const remindersDone: Record<string, string> = {};
  for (const [key, claim] of Object.entries(invoice.steps ?? {})) {
    if (!claim || claim.state === 'released' || !parseInstallmentKey(key)) continue;
    remindersDone[key] = localDate(new Date(claim.sentAt ?? claim.claimedAt), seller.sendWindow);
  }
  const ask = () =>
    nextPlanAction({
      plan: invoice.plan as PaymentPlan,
      paidMinor: invoice.paidMinor,
      window: seller.sendWindow,
      now,
      remindersDone,
    });
  let next = ask();
  // An undeliverable address gets no reminder (the seller was told): the plan still runs to its break check.
  for (
    let guard = 0;
    invoice.flags?.undeliverable !== undefined && next.action === 'send' && guard < 30;
    guard += 1
  ) {
    remindersDone[next.key] = localDate(now, seller.sendWindow);
    next = ask();
  }
  switch (next.action) {
    case 'send':
      return { action: 'send', at: now.toISOString(), key: next.key };
    case 'wait':
      return { action: 'wait', at: next.at, key: '' };
    case 'completed':
      return { action: 'completed', ...idle };
    case 'broken':
      return (await breakPlan(store, invoice, next.installment, now))
        ? { action: 'broken', ...idle }
        : { action: 'stopped', ...idle };
  }
}

async function breakPlan(
  store: PaymentPlanStore,
  invoice: InvoiceRecord,
  installment: number,
  now: Date,
): Promise<boolean> {
  // The cadence takes over where it stood before the plan.
  const status = statusAfter(invoice.steps);
  if (!(await store.breakPaymentPlan(invoice, status, installment, now.toISOString()))) return false;
  await store.appendEvent(invoice.invoiceId, {
    at: now.toISOString(),
    type: 'payment_plan_broken',
    installment,
  });
  return true;
}
