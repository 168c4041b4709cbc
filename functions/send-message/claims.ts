import { type ClaimVerdict, judgeClaim } from '../core/claims';
import { CADENCE_STEPS } from '../core/steps';
import { logger } from '../shared/logger';
import type { ClaimKey, InvoiceRecord, StepClaim, Store } from '../shared/store';
import { SendInProgressError } from '../shared/workflow-errors';

/**
 * The runtime that sends: who it is, how long a send may last, and which steps it is sending right now.
 * One per Lambda execution environment (or per local service process), created at cold start.
 */
export interface SenderRuntime {
  readonly id: string;
  /** The send function's timeout: no send outlives it. */
  readonly maxSendMs: number;
  /** The local twin: the only process sending from its data (see `judgeClaim`). */
  readonly soleSender: boolean;
  /** Real wall-clock time, never the workflow's (virtual) clock. */
  readonly wallNowMs: () => number;
  /** `invoiceId#step` being sent by this runtime right now. */
  readonly sending: Set<string>;
}

/** The store methods the claim settlement uses (its port). */
export type ClaimStore = Pick<Store, 'markClaimUnknown' | 'appendEvent'>;

export function sendingKey(invoiceId: string, step: ClaimKey): string {
  return `${invoiceId}#${step}`;
}

const holds = new WeakMap<SenderRuntime, Map<string, number>>();

/**
 * Marks `invoice + step` as being sent by this runtime until the returned function is called. Counted:
 * a consolidated send and the sibling's own invocation may hold the same key at once, and the key stays
 * in `runtime.sending` until both let go.
 */
export function holdSending(runtime: SenderRuntime, key: string): () => void {
  const counts = holds.get(runtime) ?? new Map<string, number>();
  holds.set(runtime, counts);
  counts.set(key, (counts.get(key) ?? 0) + 1);
  runtime.sending.add(key);
  let held = true;
  return () => {
    if (!held) return;
    held = false;
    const left = (counts.get(key) ?? 1) - 1;
    if (left > 0) counts.set(key, left);
    else {
      counts.delete(key);
      runtime.sending.delete(key);
    }
  };
}

export function verdictOn(
  runtime: SenderRuntime,
  invoiceId: string,
  step: ClaimKey,
  claim: StepClaim,
): ClaimVerdict {
  return judgeClaim(claim, {
    runtimeId: runtime.id,
    sendingHere: runtime.sending.has(sendingKey(invoiceId, step)),
    wallNowMs: runtime.wallNowMs(),
    maxSendMs: runtime.maxSendMs,
    soleSender: runtime.soleSender,
  });
}

/**
 * Settles a claim left without outcome: an in-flight one makes the caller retry later; an abandoned one
 * is marked `unknown` with a `send_outcome_unknown` event for a human, and is never resent (a possible
 * missing reminder is better than a possible duplicate formal notice).
 */
export async function settleOpenClaim(
  store: ClaimStore,
  runtime: SenderRuntime,
  invoiceId: string,
  step: ClaimKey,
  claim: StepClaim,
  now: Date,
): Promise<void> {
  if (verdictOn(runtime, invoiceId, step, claim) === 'in_flight')
    throw new SendInProgressError(invoiceId, step);
  if (!(await store.markClaimUnknown(invoiceId, step))) return;
  await store.appendEvent(invoiceId, {
    at: now.toISOString(),
    type: 'send_outcome_unknown',
    step,
    claimedAt: claim.claimedAt,
    detail:
      'The sender stopped between the claim and the SES answer; check the SES logs before resending by hand.',
  });
  logger.warn('Send outcome unknown: not resending', { invoiceId, step });
}

/**
 * Before a thank-you: every reminder claim still open on the invoice is settled first, so the customer
 * never reads a reminder after the thank-you. Returns true when some claim was settled (the caller may
 * claim the thank-you again).
 */
export async function settleRemindersInFlight(
  store: ClaimStore,
  runtime: SenderRuntime,
  invoice: InvoiceRecord,
  now: Date,
): Promise<boolean> {
  let settled = false;
  for (const step of CADENCE_STEPS) {
    const claim = invoice.steps?.[step];
    if (claim?.state !== 'claimed') continue;
    await settleOpenClaim(store, runtime, invoice.invoiceId, step, claim, now);
    settled = true;
  }
  return settled;
}
