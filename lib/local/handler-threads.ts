import { Worker } from 'node:worker_threads';
import type { FromThread, InvocationContext, ThreadError, ToThread } from './handler-thread-main';

interface Pending {
  readonly resolve: (result: unknown) => void;
  readonly reject: (error: Error) => void;
}

/** A handler's error as the main thread sees it: same name and message (Retry/Catch match the name). */
function errorOf(thrown: ThreadError): Error {
  const error = new Error(thrown.message);
  error.name = thrown.name;
  if (thrown.stack) error.stack = thrown.stack;
  return error;
}

/** One worker thread running the handlers of one entry file. */
class HandlerThread {
  readonly #worker: Worker;
  readonly #pending = new Map<number, Pending>();
  #nextId = 0;
  #exited: Error | undefined;

  constructor(repoRoot: string, entry: string) {
    this.#worker = new Worker(new URL('./handler-thread.mjs', import.meta.url), {
      workerData: { repoRoot, entry },
      // A snapshot of the environment the local service set for its functions.
      env: { ...process.env },
      // Its stdout comes back as messages (in order with the results), not through the worker's stream.
      stdout: true,
      // The bootstrap registers TypeScript loading itself; other flags (profiling…) carry over.
      execArgv: process.execArgv.filter(
        (arg, index, all) => arg !== 'tsx' && !(arg === '--import' && all[index + 1] === 'tsx'),
      ),
    });
    this.#worker.on('message', (message: FromThread) => {
      if (message.type === 'stdout') {
        process.stdout.write(message.text);
        return;
      }
      const pending = this.#pending.get(message.id);
      if (!pending) return;
      this.#pending.delete(message.id);
      if (message.type === 'done') pending.resolve(message.result);
      else pending.reject(errorOf(message.error));
    });
    const fail = (error: Error) => {
      this.#exited = error;
      for (const pending of this.#pending.values()) pending.reject(error);
      this.#pending.clear();
    };
    this.#worker.on('error', fail);
    this.#worker.on('exit', (code) =>
      fail(new Error(`The handler thread of ${entry} exited (code ${code}).`)),
    );
  }

  request(message: Omit<Extract<ToThread, { type: 'load' }>, 'id'>): Promise<unknown>;
  request(message: Omit<Extract<ToThread, { type: 'invoke' }>, 'id'>): Promise<unknown>;
  request(message: Omit<ToThread, 'id'>): Promise<unknown> {
    if (this.#exited) return Promise.reject(this.#exited);
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      this.#worker.postMessage({ ...message, id });
    });
  }

  async close(): Promise<void> {
    await this.#worker.terminate();
  }
}

/**
 * Runs the Lambda handlers in worker threads, one thread per entry file (as each Lambda function has
 * its own runtime; functions sharing an entry share its module state, as they do in-process): the
 * SDK's per-request work, rendering and PDFs then run on the other core while the main thread keeps
 * the engine, the API and the SES emulator. Every invocation carries the virtual time.
 */
export class HandlerThreads {
  readonly #repoRoot: string;
  readonly #nowMs: () => number;
  readonly #threads = new Map<string, HandlerThread>();

  constructor(repoRoot: string, nowMs: () => number) {
    this.#repoRoot = repoRoot;
    this.#nowMs = nowMs;
  }

  /** Imports the entry in its thread (starting the thread); rejects when the handler is missing. */
  async load(entry: string, handler: string): Promise<void> {
    await this.#thread(entry).request({ type: 'load', handler });
  }

  /** Runs one invocation; rejects with the handler's error (its name kept) when it throws. */
  invoke(entry: string, handler: string, event: unknown, context: InvocationContext): Promise<unknown> {
    return this.#thread(entry).request({ type: 'invoke', handler, event, context, nowMs: this.#nowMs() });
  }

  async close(): Promise<void> {
    const threads = [...this.#threads.values()];
    this.#threads.clear();
    await Promise.all(threads.map((thread) => thread.close()));
  }

  #thread(entry: string): HandlerThread {
    let thread = this.#threads.get(entry);
    if (!thread) {
      thread = new HandlerThread(this.#repoRoot, entry);
      this.#threads.set(entry, thread);
    }
    return thread;
  }
}
