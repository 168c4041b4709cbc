import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { signPayload } from '../../functions/webhooks/signatures';
import { type LocalService, type LocalServiceOptions, startLocalService } from '../../lib/local/service';

/**
 * The shared end-to-end harness: one local service (real template, emulators, engine, API adapter)
 * on free ports with the manual clock, driven only through HTTP — the API, `POST /_local/clock` and
 * the SES emulator's `/store`. Start it once per test file (`beforeAll`), stop it in `afterAll`.
 */

export interface HttpResult {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  /** The body parsed as JSON (throws when it is not JSON). */
  json<T = Record<string, unknown>>(): T;
}

export interface RequestOptions {
  /** An object is sent as JSON; a string or Buffer is sent byte for byte. */
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
  /** The `x-api-key` to send: the service's key by default, `null` for none. */
  readonly apiKey?: string | null;
}

/** One email as the SES emulator stored it (`GET /store`). */
export interface StoredEmail {
  readonly messageId: string;
  readonly from: string;
  readonly replyTo: string[];
  readonly destination: { to: string[]; cc: string[]; bcc: string[] };
  readonly subject: string;
  readonly body: { html?: string; text?: string };
  readonly attachments: { content: string; contentType: string; filename?: string; size: number }[];
  /** Virtual send time, epoch seconds. */
  readonly at: number;
}

export interface Harness {
  readonly service: LocalService;
  readonly apiUrl: string;
  readonly mailboxUrl: string;
  readonly apiKey: string;
  readonly webhookSecret: string;
  request(method: string, path: string, options?: RequestOptions): Promise<HttpResult>;
  get(path: string, options?: RequestOptions): Promise<HttpResult>;
  post(path: string, body?: unknown, options?: RequestOptions): Promise<HttpResult>;
  put(path: string, body?: unknown, options?: RequestOptions): Promise<HttpResult>;
  /** `POST /_local/clock {advanceTo}`: resolves once due waits fired and executions settled. Returns the new now. */
  advanceTo(instant: string): Promise<string>;
  /** `POST /_local/clock {advanceBy}` with an ISO 8601 duration (`P3D`). */
  advanceBy(duration: string): Promise<string>;
  /** Waits for in-flight work (an execution started by the last request, SES events…) without moving time. */
  settle(): Promise<void>;
  /** `GET /_local/clock`. */
  now(): Promise<string>;
  /** Every email in the SES emulator, oldest first. */
  emails(): Promise<StoredEmail[]>;
  /** Emails whose To, Cc or Bcc contains `address` (case-insensitive). */
  emailsTo(address: string): Promise<StoredEmail[]>;
  /** A `Dunning-Signature` header value for `rawBody`, signed at the service's virtual now unless `timestamp` is given. */
  signWebhook(rawBody: string, options?: { secret?: string; timestamp?: number }): string;
  stop(): Promise<void>;
}

export interface HarnessOptions extends LocalServiceOptions {
  /** Create a fresh temporary `dataDir` (removed by `removeDataDir`). */
  readonly temporaryDataDir?: boolean;
}

/** Starts the local service for a test file: free ports, manual clock, quiet handler logs. */
export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const { temporaryDataDir, ...serviceOptions } = options;
  const dataDir = serviceOptions.dataDir ?? (temporaryDataDir ? createDataDir() : undefined);
  const service = await startLocalService({
    port: 0,
    mailboxPort: 0,
    clock: 'manual',
    logLevel: 'ERROR',
    ...serviceOptions,
    dataDir,
  });
  return harnessFor(service);
}

export function harnessFor(service: LocalService): Harness {
  const request = async (method: string, path: string, options: RequestOptions = {}): Promise<HttpResult> => {
    const headers: Record<string, string> = { ...options.headers };
    const apiKey = options.apiKey === undefined ? service.apiKey : options.apiKey;
    if (apiKey !== null) headers['x-api-key'] = apiKey;
    let body: string | Buffer | undefined;
    if (typeof options.body === 'string' || Buffer.isBuffer(options.body)) {
      body = options.body;
    } else if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers['content-type'] ??= 'application/json';
    }
    const url = path.startsWith('http') ? path : `${service.apiUrl}${path}`;
    const response = await fetch(url, { method, headers, body });
    const text = await response.text();
    return { status: response.status, headers: response.headers, text, json: <T>() => JSON.parse(text) as T };
  };
  const clockRequest = async (body: unknown): Promise<string> => {
    const result = await request('POST', '/_local/clock', { body, apiKey: null });
    if (result.status !== 200) throw new Error(`POST /_local/clock failed: ${result.status} ${result.text}`);
    return result.json<{ now: string }>().now;
  };
  const emails = async (): Promise<StoredEmail[]> => {
    const response = await fetch(`${service.mailboxUrl}/store`);
    return ((await response.json()) as { emails: StoredEmail[] }).emails;
  };
  return {
    service,
    apiUrl: service.apiUrl,
    mailboxUrl: service.mailboxUrl,
    apiKey: service.apiKey,
    webhookSecret: service.webhookSecret,
    request,
    get: (path, options) => request('GET', path, options),
    post: (path, body, options) => request('POST', path, { ...options, body }),
    put: (path, body, options) => request('PUT', path, { ...options, body }),
    advanceTo: (instant) => clockRequest({ advanceTo: instant }),
    advanceBy: (duration) => clockRequest({ advanceBy: duration }),
    settle: () => service.clock.settle(),
    now: async () => (await request('GET', '/_local/clock', { apiKey: null })).json<{ now: string }>().now,
    emails,
    emailsTo: async (address) => {
      const wanted = address.toLowerCase();
      return (await emails()).filter((email) =>
        [...email.destination.to, ...email.destination.cc, ...email.destination.bcc].some((to) =>
          to.toLowerCase().includes(wanted),
        ),
      );
    },
    signWebhook: (rawBody, options = {}) => {
      const timestamp = options.timestamp ?? Math.floor(service.clock.now().getTime() / 1000);
      const secret = options.secret ?? service.webhookSecret;
      return signPayload(secret, rawBody, timestamp);
    },
    stop: () => service.stop(),
  };
}

export function createDataDir(): string {
  return mkdtempSync(join(tmpdir(), 'relance-e2e-'));
}

export function removeDataDir(dataDir: string | undefined): void {
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
}

/** Virtual send time of a stored email as an ISO string. */
export function sentAt(email: StoredEmail): string {
  return new Date(email.at * 1000).toISOString();
}
