import { createHash } from 'node:crypto';
import type { SendWindow } from './calendar';

/**
 * Spreading sends over the send window. Without it every step due on a day leaves at the window opening
 * (09:00:00), thousands in the same second for a large seller, against the mail provider's account rate.
 * Each seller–customer pair gets a fixed minute inside `[hour, hour + spreadMinutes)`: deterministic (a
 * re-plan lands on the same minute), spread evenly by a hash, and the same for every invoice of one
 * customer so that their messages of one day stay together (one message per customer per day).
 */

/** Default width of the send window, in minutes. */
export const DEFAULT_SPREAD_MINUTES = 60;

/** Minutes in a day: a window never runs past local midnight (the send stays on its business day). */
export const MINUTES_PER_DAY = 24 * 60;

/** Who a send is for: the minute is derived from these two ids only. */
export interface SpreadKey {
  readonly sellerId: string;
  readonly customerId: string;
}

/** The longest spread a window opening at `hour` allows without crossing local midnight. */
export function maxSpreadMinutes(hour: number): number {
  return MINUTES_PER_DAY - hour * 60;
}

/** The minute offset (0 … spreadMinutes − 1) of a seller–customer pair; 0 when the spread is 0. */
export function spreadMinute(spreadMinutes: number, key: SpreadKey): number {
  if (spreadMinutes <= 1) return 0;
  // SHA-256 rather than a short hash: even over sequential customer ids, and stable across runtimes.
  const digest = createHash('sha256').update(`${key.sellerId}\u0000${key.customerId}`).digest();
  return digest.readUInt32BE(0) % spreadMinutes;
}

/** The seller's window narrowed to one customer's minute: what the planner and the send path use. */
export function sendSlot(window: SendWindow, key: SpreadKey): SendWindow {
  const spread = window.spreadMinutes ?? DEFAULT_SPREAD_MINUTES;
  return { ...window, minute: spreadMinute(spread, key) };
}
