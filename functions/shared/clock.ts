import type { Clock } from '../core/clock';

/**
 * The process-wide Clock port used by every handler. In AWS it is the system clock; the local runner
 * installs its virtual clock here (handlers run in-process there), so emails, penalties, events and
 * webhook tolerances all carry virtual time without any local-only branch in handler code.
 * Stored on globalThis so that every bundled copy of this module sees the same clock.
 */
const CLOCK_KEY = Symbol.for('relance.clock');

type GlobalWithClock = typeof globalThis & { [CLOCK_KEY]?: Clock };

const systemClock: Clock = { now: () => new Date() };

export function currentClock(): Clock {
  return (globalThis as GlobalWithClock)[CLOCK_KEY] ?? systemClock;
}

export function now(): Date {
  return currentClock().now();
}

/** Installs a clock for the whole process (local runner and tests only). Returns the previous one. */
export function installClock(clock: Clock | undefined): Clock | undefined {
  const holder = globalThis as GlobalWithClock;
  const previous = holder[CLOCK_KEY];
  holder[CLOCK_KEY] = clock;
  return previous;
}
