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

/** The worker thread running the handlers. */
class HandlerThread {
  readonly #worker: Worker;
  readonly #pending = new Map<number, Pending>();
  #nextId = 0;
  #exited: Error | undefined;

  /** `onExit`: the thread is gone (crashed, or terminated): the next invocation needs a new one. */
  constructor(repoRoot: string, onExit: () => void) {
    this.#worker = new Worker(new URL('./handler-thread.mjs', import.meta.url), {
      workerData: { repoRoot },
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
    this.#worker.on('exit', (code) => {
      // As Lambda does after a runtime crash: the invocations in flight fail, the next one starts afresh.
      onExit();
      fail(new Error(`The handler thread exited (code ${code}).`));
    });
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
 * Runs the Lambda handlers in a worker thread instead of the main thread: the SDK's per-request work,
 * rendering and PDFs then run on the other core while the main thread keeps the engine, the API and
 * the SES emulator. One thread for every handler, as in-process (their module state is shared the same
 * way; a thread per function measured slower: each has its own JIT and heap to warm). Every invocation
 * carries the virtual time.
 */
export class HandlerThreads {
  readonly #repoRoot: string;
  readonly #nowMs: () => number;
  #thread: HandlerThread | undefined;

  constructor(repoRoot: string, nowMs: () => number) {
    this.#repoRoot = repoRoot;
    this.#nowMs = nowMs;
  }

  /** Imports the entry in the thread (starting the thread); rejects when the handler is missing. */
  async load(entry: string, handler: string): Promise<void> {
    await this.#running().request({ type: 'load', entry, handler });
  }

  /** Runs one invocation; rejects with the handler's error (its name kept) when it throws. */
  invoke(entry: string, handler: string, event: unknown, context: InvocationContext): Promise<unknown> {
    return this.#running().request({ type: 'invoke', entry, handler, event, context, nowMs: this.#nowMs() });
  }

  async close(): Promise<void> {
    const thread = this.#thread;
    this.#thread = undefined;
    await thread?.close();
  }

  #running(): HandlerThread {
    if (!this.#thread) {
      const created = new HandlerThread(this.#repoRoot, () => {
        if (this.#thread === created) this.#thread = undefined;
      });
      this.#thread = created;
    }
    return this.#thread;
  }
}
