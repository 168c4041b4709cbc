import { CONSOLIDATED, CUSTOMER_ALREADY_CONTACTED, takesContactDay } from '../core/consolidation';
import { canSend } from '../core/lifecycle';
import { parseInstallmentKey } from '../core/payment-plan';
import type { Seller } from '../core/schemas';
import type { MessageStep } from '../core/steps';
import { isCustomerStep, UNDELIVERABLE } from '../core/undeliverable';
import type { ClaimKey, InvoiceRecord, StepClaim } from '../shared/store';
import { skipUndeliverableStep } from '../shared/undeliverable';
import { InvalidTaskInputError, InvoiceNotFoundError, SellerNotFoundError } from '../shared/workflow-errors';
import { holdSending, sendingKey, settleOpenClaim, settleRemindersInFlight } from './claims';
import { sendClaimed } from './deliver';
import { storedEscalation } from './escalation';
import type { Batch, SendDeps, SendResult, SendTarget } from './ports';

interface SendOptions {
  readonly installmentKey?: ClaimKey;
  readonly settledBefore?: boolean;
}

/**
 * Sends one step of one invoice exactly once:
 * 1. a conditional write claims `invoice + step` and re-checks, in the same write, that the invoice is
 *    still due (or paid, for the thank-you) — a payment recorded a millisecond earlier wins;
 * 2. the message is planned and rendered (message-plan.ts) and sent through the mailer with the invoice
 *    PDF (and the formal-notice letter);
 * 3. the message id, the evidence copy and an event are recorded (deliver.ts).
 * If anything fails before the mailer is called, or the mailer answers with an error, nothing was sent:
 * the claim is released so a retry can send. If the sender dies between the claim and the mailer's
 * answer, the outcome is unknowable: a later attempt that finds the claim abandoned (judged in real time
 * and by sender runtime, `judgeClaim`) does not send again, marks the step `unknown` and records a
 * `send_outcome_unknown` event; one that finds it still in flight throws `SendInProgressError` for the
 * state machine to retry later. A thank-you first settles every reminder claim still open on the invoice.
 */
export async function sendStep(
  deps: SendDeps,
  invoiceId: string,
  step: MessageStep,
  options: SendOptions = {},
): Promise<SendResult> {
  const { store } = deps;
  const invoice = await store.getInvoice(invoiceId);
  if (!invoice) throw new InvoiceNotFoundError(invoiceId);
  const sellerRecord = await store.getSeller(invoice.sellerId);
  if (!sellerRecord) throw new SellerNotFoundError(invoice.sellerId);
  // Profiles are stored as the validated output of sellerSchema (defaults filled): no re-parse here, which
  // keeps zod schemas and holiday calendars out of this function's bundle.
  const seller: Seller = sellerRecord.profile;
  const now = deps.now();
  const nowIso = now.toISOString();

  const owner = { claimedAt: nowIso, claimedBy: deps.runtime.id, claimedAtWallMs: deps.runtime.wallNowMs() };
  // Installment reminders are claimed per installment and phase; every other step by its name.
  const key: ClaimKey =
    step === 'installment_reminder' ? requireInstallmentKey(options.installmentKey) : step;
  const target: SendTarget = { invoice, seller, step, key, now };
  // Held before the contact day is taken, so that a sibling judging this lead sees it in flight.
  const holds: (() => void)[] = [];
  const mark = (entry: string) => holds.push(holdSending(deps.runtime, entry));
  const unmark = () => {
    for (const release of holds.splice(0)) release();
  };
  mark(sendingKey(invoiceId, key));
  try {
    const gate = takesContactDay(step)
      ? await deps.contactDays.open(invoice, seller, step, now, key)
      : ({ kind: 'open' } as const);
    if (gate.kind === 'postponed')
      return { outcome: 'postponed', step, reason: CUSTOMER_ALREADY_CONTACTED, at: gate.at };
    const contact = gate.kind === 'lead' ? { ref: gate.ref, lead: gate.lead } : undefined;
    if (!(await store.claimStep(invoiceId, step, owner, key))) {
      if (contact) await deps.contactDays.release(contact);
      // Not sending after all: a claim left by this runtime is judged as before (abandoned).
      unmark();
      return await notClaimed(deps, target, options);
    }
    const members: Batch['members'][number][] = [];
    for (const other of gate.kind === 'lead' ? gate.joining : []) {
      mark(sendingKey(other.invoiceId, other.step));
      // A payment, pause or claim that got there first leaves the invoice out of this email.
      if (!(await store.claimStep(other.invoiceId, other.step, { ...owner, consolidatedInto: invoiceId })))
        continue;
      const claimed = await store.getInvoice(other.invoiceId);
      if (claimed) members.push({ invoice: claimed, step: other.step });
    }
    return await sendClaimed(deps, target, { members, ...(contact ? { contact } : {}) });
  } finally {
    unmark();
  }
}

/** The claim of `invoice + step` was refused: explain why (already sent, in flight, no longer due…). */
async function notClaimed(deps: SendDeps, target: SendTarget, options: SendOptions): Promise<SendResult> {
  const { store } = deps;
  const { invoice, seller, step, now } = target;
  const current = await store.getInvoice(invoice.invoiceId);
  if (
    step === 'thank_you' &&
    current &&
    !current.steps?.thank_you &&
    !options.settledBefore &&
    (await settleRemindersInFlight(store, deps.runtime, current, now))
  ) {
    return sendStep(deps, invoice.invoiceId, step, { ...options, settledBefore: true });
  }
  const skipped = await explainSkip(deps, current, target);
  if (skipped.outcome === 'skipped' && skipped.reason === UNDELIVERABLE)
    return skipUndeliverable(deps, target);
  return step === 'formal_notice'
    ? { ...skipped, escalation: storedEscalation(invoice, now, seller) }
    : skipped;
}

async function explainSkip(
  deps: SendDeps,
  invoice: InvoiceRecord | undefined,
  target: SendTarget,
): Promise<SendResult> {
  const { step, key, now } = target;
  const claim = (invoice?.steps as Partial<Record<ClaimKey, StepClaim>> | undefined)?.[key];
  // Sent inside another invoice's email: this invoice's timeline and view already show it.
  if (claim?.state === 'sent')
    return { outcome: 'skipped', step, reason: claim.consolidatedInto ? CONSOLIDATED : 'already_sent' };
  if (claim?.state === 'claimed') {
    await settleOpenClaim(deps.store, deps.runtime, target.invoice.invoiceId, key, claim, now);
    return { outcome: 'skipped', step, reason: 'send_outcome_unknown' };
  }
  if (claim?.state === 'unknown') return { outcome: 'skipped', step, reason: 'send_outcome_unknown' };
  // The address is the only obstacle when the invoice is still in a state where this step may go.
  const sendable = invoice !== undefined && canSend(step, invoice.status);
  if (invoice?.flags?.undeliverable && isCustomerStep(step) && sendable)
    return { outcome: 'skipped', step, reason: UNDELIVERABLE };
  return { outcome: 'skipped', step, reason: `invoice_${invoice?.status ?? 'missing'}` };
}

/** A customer step for an address that bounced: skipped (the notice takes its escalation along). */
async function skipUndeliverable(deps: SendDeps, target: SendTarget): Promise<SendResult> {
  const { invoice, seller, step, now } = target;
  const current = (await deps.store.getInvoice(invoice.invoiceId)) ?? invoice;
  await skipUndeliverableStep(
    { store: deps.store, mailer: deps.mailer, now: deps.now },
    current,
    seller,
    step,
  );
  const skipped = { outcome: 'skipped', step, reason: UNDELIVERABLE } as const;
  if (step !== 'formal_notice') return skipped;
  const planned = (current.schedule ?? []).find((entry) => entry.step === 'escalation');
  return { ...skipped, escalation: { at: planned?.at ?? now.toISOString(), state: 'skipped' } };
}

function requireInstallmentKey(key: ClaimKey | undefined): ClaimKey {
  if (key === undefined || !parseInstallmentKey(key)) {
    throw new InvalidTaskInputError(
      'An installment reminder needs its installment key (installment_<n>_before|after)',
    );
  }
  return key;
}
