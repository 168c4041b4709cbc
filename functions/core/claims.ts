/**
 * Who may still be sending a claimed step. A claim (`invoice + step`, taken before SES is called) that
 * has no outcome yet is either *in flight* — its sender may still be talking to SES, so nobody else may
 * send or thank meanwhile — or *abandoned* — its sender can no longer be running, so the outcome is
 * unknowable and a human must check.
 *
 * The judgement never uses the workflow clock (virtual in the local twin, where it may stand still while
 * a crashed process restarts): only the real wall clock and the identity of the sender runtime.
 */

/** What a claim records about the sender that took it. Older claims carry neither field. */
export interface ClaimOwner {
  /** Workflow time of the claim (shown to humans). */
  readonly claimedAt: string;
  /** The runtime (Lambda execution environment, or local service process) that took the claim. */
  readonly claimedBy?: string;
  /** Real wall-clock time of the claim, in epoch milliseconds. */
  readonly claimedAtWallMs?: number;
}

export interface ClaimJudge {
  /** This runtime's identity. */
  readonly runtimeId: string;
  /** Whether this runtime is sending `invoice + step` right now (its own invocations in progress). */
  readonly sendingHere: boolean;
  /** Real wall-clock time now, in epoch milliseconds. */
  readonly wallNowMs: number;
  /**
   * The longest a send can run: the send function's timeout. Lambda stops every invocation at its
   * timeout, so a claim older than this (in real time) has no living sender.
   */
  readonly maxSendMs: number;
  /**
   * True when this runtime is the only sender of its data (the local twin: one process owns its data
   * directory). A claim taken by another runtime then belongs to a process that has stopped.
   */
  readonly soleSender: boolean;
}

export type ClaimVerdict = 'in_flight' | 'abandoned';

export function judgeClaim(claim: ClaimOwner, judge: ClaimJudge): ClaimVerdict {
  if (claim.claimedBy === judge.runtimeId) {
    // This runtime took it: either one of its invocations is sending now, or that invocation is over
    // without an outcome (an exception after SES answered, a timeout that reset nothing).
    return judge.sendingHere ? 'in_flight' : 'abandoned';
  }
  if (judge.soleSender) return 'abandoned';
  // Claims written before runtimes were recorded only know their workflow time, which is real in AWS.
  const claimedAtMs = claim.claimedAtWallMs ?? Date.parse(claim.claimedAt);
  if (Number.isNaN(claimedAtMs)) return 'abandoned';
  return judge.wallNowMs - claimedAtMs >= judge.maxSendMs ? 'abandoned' : 'in_flight';
}
