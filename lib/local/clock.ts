import { Duration } from 'luxon';
import type { Clock } from '../../functions/core/clock';

/** Virtual time: it moves only when the scheduler advances it, never by itself. */
export class VirtualClock implements Clock {
  #nowMs: number;

  constructor(start: Date) {
    this.#nowMs = start.getTime();
  }

  now(): Date {
    return new Date(this.#nowMs);
  }

  nowMs(): number {
    return this.#nowMs;
  }

  /** Moves time forward (never backward: waits already fired cannot be undone). */
  moveTo(instantMs: number): void {
    if (instantMs > this.#nowMs) this.#nowMs = instantMs;
  }
}

/**
 * Counts the work in flight (running executions, Lambda invocations, HTTP requests, pending SES
 * events). The scheduler only moves time when it is zero, which is what makes "advance and settle"
 * deterministic without sleeping.
 */
export class WorkTracker {
  #active = 0;
  #idleWaiters: (() => void)[] = [];

  get active(): number {
    return this.#active;
  }

  /** Marks one unit of work as started; call the returned function exactly once when it ends. */
  begin(): () => void {
    this.#active += 1;
    let ended = false;
    return () => {
      if (ended) return;
      ended = true;
      this.#active -= 1;
      if (this.#active === 0) this.#notifyIdle();
    };
  }

  async track<T>(work: Promise<T> | (() => Promise<T>)): Promise<T> {
    const end = this.begin();
    try {
      return await (typeof work === 'function' ? work() : work);
    } finally {
      end();
    }
  }

  /** Resolves once no work is in flight (checked again after pending I/O callbacks ran). */
  async idle(): Promise<void> {
    for (;;) {
      if (this.#active > 0) {
        await new Promise<void>((resolve) => this.#idleWaiters.push(resolve));
      }
      // Let callbacks already queued (a response being written, a promise chain finishing) run first.
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (this.#active === 0) return;
    }
  }

  #notifyIdle(): void {
    const waiters = this.#idleWaiters;
    this.#idleWaiters = [];
    for (const resolve of waiters) resolve();
  }
}

interface Timer {
  readonly dueMs: number;
  readonly seq: number;
  readonly fire: () => void;
}

export class ClockError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ClockError';
  }
}

/**
 * Parses `{advanceTo: ISO}` / `{advanceBy: ISO 8601 duration}` into a target instant.
 * Throws ClockError on anything else.
 */
export function targetOf(request: unknown, nowMs: number): number {
  const body = (request ?? {}) as { advanceTo?: unknown; advanceBy?: unknown };
  if (typeof body.advanceTo === 'string' && body.advanceBy === undefined) {
    const target = Date.parse(body.advanceTo);
    if (Number.isNaN(target) || !/^\d{4}-\d{2}-\d{2}T/.test(body.advanceTo)) {
      throw new ClockError(`advanceTo must be an ISO 8601 date-time, got "${body.advanceTo}".`);
    }
    if (target < nowMs) {
      throw new ClockError(
        `advanceTo ${body.advanceTo} is before the current virtual time ${new Date(nowMs).toISOString()}.`,
      );
    }
    return target;
  }
  if (typeof body.advanceBy === 'string' && body.advanceTo === undefined) {
    const duration = Duration.fromISO(body.advanceBy);
    if (!duration.isValid || duration.toMillis() < 0) {
      throw new ClockError(
        `advanceBy must be a positive ISO 8601 duration such as "P3D" or "PT6H", got "${body.advanceBy}".`,
      );
    }
    // Calendar units (months, years) are applied in UTC.
    return new Date(nowMs).getTime() + duration.toMillis();
  }
  throw new ClockError('Send {"advanceTo": "<ISO date-time>"} or {"advanceBy": "<ISO 8601 duration>"}.');
}

/**
 * Timers in virtual time. Waits of executions and scripted actions register here; advancing fires
 * them in due order, one instant at a time, waiting for all resulting work to settle before moving on.
 * Nothing here uses a real timer except the optional real-time ticker of `--speed`.
 */
export class Scheduler {
  readonly clock: VirtualClock;
  readonly tracker: WorkTracker;
  #timers: Timer[] = [];
  #seq = 0;
  #queue: Promise<unknown> = Promise.resolve();
  #ticker: NodeJS.Timeout | undefined;
  #onAdvance: ((nowMs: number) => void) | undefined;
  #closed = false;

  constructor(clock: VirtualClock, tracker: WorkTracker, onAdvance?: (nowMs: number) => void) {
    this.clock = clock;
    this.tracker = tracker;
    this.#onAdvance = onAdvance;
  }

  get pendingTimers(): number {
    return this.#timers.length;
  }

  /** Due instant of the earliest timer, if any. */
  nextDueMs(): number | undefined {
    return this.#timers[0]?.dueMs;
  }

  /**
   * Resolves when virtual time reaches `dueMs` (at once if it already has). Rejects with the signal's
   * reason when aborted. `onWake` runs synchronously when the timer fires, before any other timer
   * work can be observed as settled.
   */
  sleepUntil(dueMs: number, options: { signal?: AbortSignal; onWake?: () => void } = {}): Promise<void> {
    const { signal, onWake } = options;
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (dueMs <= this.clock.nowMs()) {
      onWake?.();
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      const timer = this.#add(dueMs, () => {
        signal?.removeEventListener('abort', onAbort);
        onWake?.();
        resolve();
      });
      const onAbort = () => {
        this.#remove(timer);
        reject(signal?.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** Runs `action` (as tracked work) when virtual time reaches `dueMs`. Returns a cancel function. */
  schedule(dueMs: number, action: () => Promise<void> | void): () => void {
    const timer = this.#add(dueMs, () => {
      void this.tracker.track(async () => {
        try {
          await action();
        } catch (error) {
          console.error('[local] scheduled action failed:', error);
        }
      });
    });
    return () => this.#remove(timer);
  }

  /**
   * Moves virtual time to `targetMs`, firing every timer due by then in order; resolves once every
   * resulting piece of work has settled. Advances are serialized.
   */
  advanceTo(targetMs: number): Promise<void> {
    const run = this.#queue.then(() => this.#advance(targetMs));
    this.#queue = run.catch(() => undefined);
    return run;
  }

  /** Waits for in-flight work without moving time. */
  settle(): Promise<void> {
    return this.advanceTo(this.clock.nowMs());
  }

  /** Real-time mode: `speed` virtual seconds per real second, ticking every `tickMs`. */
  startRealtime(speed: number, tickMs = 50): void {
    this.stopRealtime();
    let lastReal = Date.now();
    let busy = false;
    this.#ticker = setInterval(() => {
      if (busy) return;
      const real = Date.now();
      const target = this.clock.nowMs() + (real - lastReal) * speed;
      lastReal = real;
      busy = true;
      this.advanceTo(target).finally(() => {
        busy = false;
        // Time spent settling is not counted: virtual time pauses while work runs.
        lastReal = Date.now();
      });
    }, tickMs);
  }

  /** Stops the ticker and any advance in progress (after the instant being processed); later advances do nothing. */
  async close(): Promise<void> {
    this.#closed = true;
    this.stopRealtime();
    await this.#queue;
  }

  stopRealtime(): void {
    if (this.#ticker) clearInterval(this.#ticker);
    this.#ticker = undefined;
  }

  get realtime(): boolean {
    return this.#ticker !== undefined;
  }

  async #advance(targetMs: number): Promise<void> {
    if (this.#closed) return;
    await this.tracker.idle();
    for (;;) {
      if (this.#closed) return;
      const next = this.#timers[0];
      if (!next || next.dueMs > targetMs) break;
      this.clock.moveTo(next.dueMs);
      const due = this.#timers.filter((timer) => timer.dueMs <= this.clock.nowMs());
      this.#timers = this.#timers.filter((timer) => timer.dueMs > this.clock.nowMs());
      for (const timer of due) timer.fire();
      this.#onAdvance?.(this.clock.nowMs());
      await this.tracker.idle();
    }
    this.clock.moveTo(targetMs);
    this.#onAdvance?.(this.clock.nowMs());
    await this.tracker.idle();
  }

  #add(dueMs: number, fire: () => void): Timer {
    const timer: Timer = { dueMs, seq: this.#seq++, fire };
    // Sorted by due instant, then registration order (a few thousand timers at most: insertion is fine).
    let index = this.#timers.length;
    while (index > 0 && (this.#timers[index - 1] as Timer).dueMs > dueMs) index -= 1;
    this.#timers.splice(index, 0, timer);
    return timer;
  }

  #remove(timer: Timer): void {
    const index = this.#timers.indexOf(timer);
    if (index >= 0) this.#timers.splice(index, 1);
  }
}
