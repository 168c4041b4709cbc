import { ClockError, type Scheduler, targetOf, type VirtualClock } from './clock';
import type { LocalClockControl } from './service-types';

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
