import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { WorkTracker } from './clock';
import type { HandlerThreads } from './handler-threads';
import type { LocalFunction } from './template';

type Handler = (event: unknown, context: Record<string, unknown>) => unknown;

/**
 * The error a failed invocation surfaces to Step Functions: `name` is the handler error's name (what
 * Retry/Catch match, e.g. `TransientSendError`) and `message` is Lambda's error payload as JSON
 * (`{errorType, errorMessage, trace}`), which is what AWS puts in the `Cause` of the failure.
 */
export class LambdaFunctionError extends Error {
  readonly payload: { errorType: string; errorMessage: string; trace: string[] };

  constructor(error: unknown) {
    const errorType = error instanceof Error ? error.name : 'Error';
    const errorMessage = error instanceof Error ? error.message : String(error);
    const trace = error instanceof Error ? (error.stack ?? '').split('\n') : [];
    const payload = { errorType, errorMessage, trace };
    super(JSON.stringify(payload));
    this.name = errorType;
    this.payload = payload;
  }
}

export interface InvocationRecord {
  readonly fn: LocalFunction;
  readonly event: unknown;
  readonly result?: unknown;
  readonly error?: LambdaFunctionError;
  /** Real time spent in the handler (its awaits on the emulators included). */
  readonly durationMs: number;
}

/**
 * Runs the project's Lambda handlers in-process, from source (tests need no bundling, start-up is
 * faster and stack traces point at the TypeScript). Events and results go through JSON like Lambda's
 * payloads, so a handler cannot share objects with its caller.
 */
export class LocalLambdas {
  readonly functions: ReadonlyMap<string, LocalFunction>;
  readonly #repoRoot: string;
  readonly #tracker: WorkTracker;
  readonly #handlers = new Map<string, Promise<Handler>>();
  readonly #byReference = new Map<string, LocalFunction>();
  #listeners: ((record: InvocationRecord) => void)[] = [];
  readonly #running = new Set<Promise<unknown>>();

  #freeSlots: number;
  readonly #waiting: (() => void)[] = [];
  readonly #threads: HandlerThreads | undefined;

  /**
   * `maxConcurrency` bounds the invocations running at once (queued beyond it): a thousand executions
   * waking at the same virtual instant then run a few dozen at a time, which keeps memory and
   * garbage collection in check on a laptop. With `threads`, handlers run in a worker thread instead of
   * this one (lib/local/handler-threads.ts).
   */
  constructor(
    functions: ReadonlyMap<string, LocalFunction>,
    repoRoot: string,
    tracker: WorkTracker,
    maxConcurrency = 32,
    threads?: HandlerThreads,
  ) {
    this.#threads = threads;
    this.functions = functions;
    this.#repoRoot = repoRoot;
    this.#tracker = tracker;
    this.#freeSlots = maxConcurrency;
    for (const fn of functions.values()) {
      this.#byReference.set(fn.logicalId, fn);
      this.#byReference.set(fn.name, fn);
      this.#byReference.set(fn.arn, fn);
    }
  }

  /** Finds a function by logical id, name, ARN or qualified ARN (`…:function:name:$LATEST`). */
  find(reference: string): LocalFunction | undefined {
    const direct = this.#byReference.get(reference);
    if (direct) return direct;
    const unqualified = reference.replace(/^(arn:[^:]+:lambda:[^:]*:[^:]*:function:[^:]+):[^:]+$/, '$1');
    return this.#byReference.get(unqualified) ?? this.#byReference.get(reference.split(':').at(-1) ?? '');
  }

  /** Imports every handler now, so a broken module fails the start, not the first request. */
  async loadAll(): Promise<void> {
    const threads = this.#threads;
    await Promise.all(
      [...this.functions.values()].map((fn) =>
        threads ? threads.load(fn.entry, fn.handler) : this.#handler(fn),
      ),
    );
  }

  /** Stops the handler thread, if any. */
  async close(): Promise<void> {
    await this.#threads?.close();
  }

  onInvocation(listener: (record: InvocationRecord) => void): () => void {
    this.#listeners.push(listener);
    return () => {
      this.#listeners = this.#listeners.filter((item) => item !== listener);
    };
  }

  /** Invokes a function like Lambda's RequestResponse invocation; throws LambdaFunctionError when the handler fails. */
  invoke(fn: LocalFunction, event: unknown): Promise<unknown> {
    const invocation = this.#invoke(fn, event);
    this.#running.add(invocation);
    const forget = () => this.#running.delete(invocation);
    invocation.then(forget, forget);
    return invocation;
  }

  /** The invocations running right now (SES events are delivered after the invocation that sent the email). */
  running(): Promise<unknown>[] {
    return [...this.#running];
  }

  async #slot(): Promise<() => void> {
    if (this.#freeSlots > 0) this.#freeSlots -= 1;
    else await new Promise<void>((resolve) => this.#waiting.push(resolve));
    return () => {
      const next = this.#waiting.shift();
      if (next) next();
      else this.#freeSlots += 1;
    };
  }

  #invoke(fn: LocalFunction, event: unknown): Promise<unknown> {
    return this.#tracker.track(async () => {
      const release = await this.#slot();
      try {
        return await this.#run(fn, event);
      } finally {
        release();
      }
    });
  }

  async #run(fn: LocalFunction, event: unknown): Promise<unknown> {
    const payload = JSON.parse(JSON.stringify(event ?? null)) as unknown;
    let result: unknown;
    const started = performance.now();
    try {
      // A handler thread returns the result already through JSON.
      result = this.#threads
        ? await this.#threads.invoke(fn.entry, fn.handler, payload, this.#threadContext(fn))
        : await (await this.#handler(fn))(payload, this.#context(fn));
    } catch (error) {
      const failure = new LambdaFunctionError(error);
      this.#emit({ fn, event: payload, error: failure, durationMs: performance.now() - started });
      throw failure;
    }
    const durationMs = performance.now() - started;
    const serialized = this.#threads
      ? result
      : result === undefined
        ? null
        : (JSON.parse(JSON.stringify(result)) as unknown);
    this.#emit({ fn, event: payload, result: serialized, durationMs });
    return serialized;
  }

  #emit(record: InvocationRecord): void {
    for (const listener of this.#listeners) listener(record);
  }

  #handler(fn: LocalFunction): Promise<Handler> {
    let loading = this.#handlers.get(`${fn.entry}#${fn.handler}`);
    if (!loading) {
      loading = (async () => {
        const url = pathToFileURL(resolve(this.#repoRoot, fn.entry)).href;
        const module = (await import(url)) as Record<string, unknown>;
        const handler = module[fn.handler];
        if (typeof handler !== 'function') {
          throw new Error(
            `${fn.entry} does not export a function named "${fn.handler}" (function ${fn.logicalId}).`,
          );
        }
        return handler as Handler;
      })();
      this.#handlers.set(`${fn.entry}#${fn.handler}`, loading);
    }
    return loading;
  }

  #threadContext(fn: LocalFunction) {
    return {
      functionName: fn.name,
      invokedFunctionArn: fn.arn,
      memoryLimitInMB: String(fn.memorySize),
      awsRequestId: randomUUID(),
      logGroupName: `/aws/lambda/${fn.name}`,
      timeoutMs: fn.timeoutSeconds * 1000,
    };
  }

  #context(fn: LocalFunction): Record<string, unknown> {
    const deadline = Date.now() + fn.timeoutSeconds * 1000;
    return {
      callbackWaitsForEmptyEventLoop: true,
      functionName: fn.name,
      functionVersion: '$LATEST',
      invokedFunctionArn: fn.arn,
      memoryLimitInMB: String(fn.memorySize),
      awsRequestId: randomUUID(),
      logGroupName: `/aws/lambda/${fn.name}`,
      logStreamName: 'local',
      getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
      done: () => undefined,
      fail: () => undefined,
      succeed: () => undefined,
    };
  }
}
