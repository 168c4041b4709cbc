import { ClockError, type Scheduler, targetOf, type VirtualClock } from './clock';
import type { LocalClockControl } from './service-types';

/**
 * Where virtual time starts: the requested instant, the real time without one, and never before the
 * instant saved in the data directory (a restart does not go back in time).
 */
export function startingInstant(requested: Date | string | undefined, persistedMs: number | undefined): Date {
  const requestedMs = requested === undefined ? undefined : new Date(requested).getTime();
  if (requestedMs !== undefined && Number.isNaN(requestedMs))
    throw new ClockError(`Invalid start time "${requested}".`);
  return new Date(Math.max(requestedMs ?? persistedMs ?? Date.now(), persistedMs ?? 0));
}

/** The service's handle on virtual time: manual advances, or real-time at a speed. */
export function createClockControl(
  clock: VirtualClock,
  scheduler: Scheduler,
  initialMode: 'manual' | 'speed',
): LocalClockControl {
  let mode = initialMode;
  return {
    get mode() {
      return mode;
    },
    setSpeed: (speed) => {
      if (speed === undefined) scheduler.stopRealtime();
      else scheduler.startRealtime(speed);
      mode = speed === undefined ? 'manual' : 'speed';
    },
    now: () => clock.now(),
    advanceTo: async (instant) => {
      const target = new Date(instant).getTime();
      if (Number.isNaN(target)) throw new ClockError(`Invalid instant "${String(instant)}".`);
      await scheduler.advanceTo(target);
      return clock.now();
    },
    advanceBy: async (duration) => {
      await scheduler.advanceTo(targetOf({ advanceBy: duration }, clock.nowMs()));
      return clock.now();
    },
    settle: () => scheduler.settle(),
    schedule: (at, action) => scheduler.schedule(new Date(at).getTime(), action),
  };
}
