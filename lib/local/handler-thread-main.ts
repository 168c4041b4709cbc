/**
 * Inside the handler thread: runs the Lambda handlers for the local twin
 * (lib/local/handler-threads.ts is the other side). Each invocation carries the virtual time, which
 * the thread's clock reports to the handlers; what they print goes back to the main thread, whose
 * EMF tap turns metrics into datapoints at that virtual time.
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parentPort, workerData } from 'node:worker_threads';
import { installClock } from '../../functions/shared/clock';
import { installLocalClients } from './local-clients';

/** Messages from the main thread. */
export type ToThread =
  | { readonly type: 'load'; readonly id: number; readonly entry: string; readonly handler: string }
  | {
      readonly type: 'invoke';
      readonly id: number;
      readonly entry: string;
      readonly handler: string;
      readonly event: unknown;
      readonly context: InvocationContext;
      readonly nowMs: number;
    };

/** Messages to the main thread. */
export type FromThread =
  | { readonly type: 'stdout'; readonly text: string }
  | { readonly type: 'done'; readonly id: number; readonly result: unknown }
  | { readonly type: 'failed'; readonly id: number; readonly error: ThreadError };

/** What crosses the thread boundary of a handler's error: `name` is what Retry/Catch match. */
export interface ThreadError {
  readonly name: string;
  readonly message: string;
  readonly stack?: string;
}

/** The serializable part of Lambda's context object. */
export interface InvocationContext {
  readonly functionName: string;
  readonly invokedFunctionArn: string;
  readonly memoryLimitInMB: string;
  readonly awsRequestId: string;
  readonly logGroupName: string;
  readonly timeoutMs: number;
}

type Handler = (event: unknown, context: Record<string, unknown>) => unknown;

const port = parentPort;
if (!port) throw new Error('handler-thread-main.ts runs only as a worker thread.');
const { repoRoot } = workerData as { repoRoot: string };

// Virtual time only moves when no work is in flight, so one value per thread is exact: every
// invocation running here was started at the instant it carries.
let virtualNowMs = 0;
installClock({ now: () => new Date(virtualNowMs) });
installLocalClients(process.env.AWS_REGION ?? 'us-east-1');

// Logs and EMF metrics go to the main thread's stdout in order with the results (one message port).
process.stdout.write = ((chunk: unknown, ...rest: unknown[]) => {
  const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8');
  port.postMessage({ type: 'stdout', text } satisfies FromThread);
  const callback = rest.find((item) => typeof item === 'function') as (() => void) | undefined;
  callback?.();
  return true;
}) as typeof process.stdout.write;

const modules = new Map<string, Promise<Record<string, unknown>>>();

async function handlerNamed(entry: string, name: string): Promise<Handler> {
  let module = modules.get(entry);
  if (!module) {
    module = import(pathToFileURL(resolve(repoRoot, entry)).href) as Promise<Record<string, unknown>>;
    modules.set(entry, module);
  }
  const handler = (await module)[name];
  if (typeof handler !== 'function') throw new Error(`${entry} does not export a function named "${name}".`);
  return handler as Handler;
}

function contextOf(fields: InvocationContext): Record<string, unknown> {
  const deadline = Date.now() + fields.timeoutMs;
  return {
    ...fields,
    callbackWaitsForEmptyEventLoop: true,
    functionVersion: '$LATEST',
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

function failure(error: unknown): ThreadError {
  return error instanceof Error
    ? { name: error.name, message: error.message, stack: error.stack }
    : { name: 'Error', message: String(error) };
}

port.on('message', (message: ToThread) => {
  void (async () => {
    try {
      if (message.type === 'load') {
        await handlerNamed(message.entry, message.handler);
        port.postMessage({ type: 'done', id: message.id, result: null } satisfies FromThread);
        return;
      }
      virtualNowMs = Math.max(virtualNowMs, message.nowMs);
      const handler = await handlerNamed(message.entry, message.handler);
      const result = await handler(message.event, contextOf(message.context));
      // Lambda returns JSON: what JSON drops (undefined, functions, class identity) is dropped here too.
      const serialized = result === undefined ? null : (JSON.parse(JSON.stringify(result)) as unknown);
      port.postMessage({ type: 'done', id: message.id, result: serialized } satisfies FromThread);
    } catch (error) {
      port.postMessage({ type: 'failed', id: message.id, error: failure(error) } satisfies FromThread);
    }
  })();
});
