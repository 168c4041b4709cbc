import { fork } from 'node:child_process';
import {
  appendFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer, request as httpRequest, type Server } from 'node:http';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  CreateTableCommand,
  type CreateTableCommandInput,
  DescribeTableCommand,
  type DynamoDBClient,
  ResourceNotFoundException,
} from '@aws-sdk/client-dynamodb';
import type { Email, Store } from 'aws-ses-v2-local/dist/store';
import dynalite from 'dynalite';
import S3rver from 's3rver';
import type { VirtualClock } from './clock';
import { closeServer, listen, readBody } from './http';

const require = createRequire(import.meta.url);

export interface RunningEmulator {
  readonly endpoint: string;
  close(): Promise<void>;
}

/** Requests an emulator served, by operation (`dynamodb:PutItem`, `s3:GET`, `ses:SendEmail`), and connections opened. */
export type CallCounts = Record<string, number>;

/**
 * Counts the requests a server answers under `prefix` (the benchmarks report calls per invoice). The
 * operation is DynamoDB's `X-Amz-Target` action, else the HTTP method; new connections are counted
 * too, which shows whether the clients reuse them.
 */
export function countCalls(server: Server, prefix: string, counts: CallCounts): void {
  const add = (key: string) => {
    counts[key] = (counts[key] ?? 0) + 1;
  };
  server.on('request', (request: { method?: string; headers: Record<string, unknown> }) => {
    const target = request.headers['x-amz-target'];
    add(`${prefix}:${typeof target === 'string' ? (target.split('.')[1] ?? target) : request.method}`);
  });
  server.on('connection', () => add(`${prefix}:(connections)`));
}

/** DynamoDB (dynalite): in memory, or LevelDB files under `<dataDir>/dynamodb`. */
export async function startDynamo(options: {
  host: string;
  dataDir?: string;
  counts?: CallCounts;
}): Promise<RunningEmulator> {
  const path = options.dataDir ? join(options.dataDir, 'dynamodb') : undefined;
  if (path) mkdirSync(path, { recursive: true });
  const server = dynalite({ path, createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  if (options.counts) countCalls(server, 'dynamodb', options.counts);
  const port = await listen(server, 0, options.host);
  return { endpoint: `http://${options.host}:${port}`, close: () => closeServer(server) };
}

/** Creates the template's tables, keeping existing ones (`--data-dir`) when their keys and indexes match. */
export async function provisionTables(
  client: DynamoDBClient,
  tables: readonly CreateTableCommandInput[],
): Promise<void> {
  await Promise.all(
    tables.map(async (table) => {
      try {
        const { Table } = await client.send(new DescribeTableCommand({ TableName: table.TableName }));
        const existing = new Set((Table?.GlobalSecondaryIndexes ?? []).map((index) => index.IndexName));
        const missing = (table.GlobalSecondaryIndexes ?? []).filter(
          (index) => !existing.has(index.IndexName),
        );
        if (missing.length > 0) {
          console.warn(
            `[local] table ${table.TableName} in the data directory lacks indexes ${missing.map((i) => i.IndexName).join(', ')}; ` +
              'delete the data directory to recreate it.',
          );
        }
      } catch (error) {
        if (!(error instanceof ResourceNotFoundException)) throw error;
        await client.send(new CreateTableCommand(table));
      }
    }),
  );
}

/** S3 (s3rver) with the template's buckets: files under `<dataDir>/s3`, or a temporary directory. */
export async function startS3(options: {
  host: string;
  buckets: readonly string[];
  dataDir?: string;
  counts?: CallCounts;
}): Promise<RunningEmulator> {
  const directory = options.dataDir
    ? join(options.dataDir, 's3')
    : mkdtempSync(join(tmpdir(), 'relance-s3-'));
  mkdirSync(directory, { recursive: true });
  const s3 = new S3rver({
    address: options.host,
    port: 0,
    silent: true,
    directory,
    configureBuckets: options.buckets.map((name) => ({ name })),
    vhostBuckets: false,
  });
  const address = await s3.run();
  const httpServer = (s3 as unknown as { httpServer?: Server }).httpServer;
  if (options.counts && httpServer) countCalls(httpServer, 's3', options.counts);
  return {
    endpoint: `http://${options.host}:${address.port}`,
    close: async () => {
      await s3.close();
      if (!options.dataDir) rmSync(directory, { recursive: true, force: true });
    },
  };
}

export interface StorageEmulators {
  readonly dynamoEndpoint: string;
  readonly s3Endpoint: string;
  /** Calls served so far, and the CPU time of the emulators' process when they run in their own. */
  stats(): Promise<{ calls: CallCounts; cpuMs?: number }>;
  close(): Promise<void>;
}

/**
 * DynamoDB and S3, in a child process by default (lib/local/emulator-host.ts): their request handling
 * then runs on another core than the handlers and the engine, which matters at scale. `inProcess`
 * keeps them in this process.
 */
export async function startStorageEmulators(options: {
  host: string;
  buckets: readonly string[];
  dataDir?: string;
  inProcess?: boolean;
}): Promise<StorageEmulators> {
  if (!options.inProcess) {
    try {
      return await startStorageProcess(options);
    } catch (error) {
      console.warn(`[local] ${(error as Error).message} Running DynamoDB and S3 in this process instead.`);
    }
  }
  const counts: CallCounts = {};
  const [dynamo, s3] = await Promise.all([
    startDynamo({ ...options, counts }),
    startS3({ ...options, counts }),
  ]);
  return {
    dynamoEndpoint: dynamo.endpoint,
    s3Endpoint: s3.endpoint,
    stats: async () => ({ calls: { ...counts } }),
    close: async () => {
      await dynamo.close();
      await s3.close();
    },
  };
}

async function startStorageProcess(options: {
  host: string;
  buckets: readonly string[];
  dataDir?: string;
}): Promise<StorageEmulators> {
  const child = fork(fileURLToPath(new URL('./emulator-host.ts', import.meta.url)), [], {
    cwd: fileURLToPath(new URL('../..', import.meta.url)),
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const ready = new Promise<{ dynamo: string; s3: string }>((resolve, reject) => {
    child.once('message', (message: { type: string; dynamo: string; s3: string; message?: string }) => {
      if (message.type === 'ready') resolve(message);
      else reject(new Error(`The storage emulators did not start: ${message.message}`));
    });
    child.once('exit', (code) =>
      reject(new Error(`The storage emulators process exited early (code ${code}).`)),
    );
    child.send({
      type: 'start',
      host: options.host,
      buckets: [...options.buckets],
      dataDir: options.dataDir,
    });
  });
  let endpoints: { dynamo: string; s3: string };
  try {
    endpoints = await ready;
  } catch (error) {
    child.kill();
    await exited;
    throw error;
  }
  return {
    dynamoEndpoint: endpoints.dynamo,
    s3Endpoint: endpoints.s3,
    stats: () =>
      new Promise((resolve) => {
        const onMessage = (message: { type: string; calls?: CallCounts; cpuMs?: number }) => {
          if (message.type !== 'stats') return;
          child.off('message', onMessage);
          resolve({ calls: message.calls ?? {}, cpuMs: message.cpuMs });
        };
        child.on('message', onMessage);
        child.send({ type: 'stats' });
      }),
    close: async () => {
      if (child.exitCode !== null) return;
      child.send({ type: 'stop' });
      const timeout = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timeout);
    },
  };
}

/** One SendEmail call as SES saw it (request and response). */
export interface SentEmail {
  readonly messageId: string;
  readonly from: string;
  readonly to: readonly string[];
  readonly cc: readonly string[];
  readonly bcc: readonly string[];
  readonly subject: string;
  readonly headers: readonly { name: string; value: string }[];
  readonly configurationSetName?: string;
  readonly tags: Readonly<Record<string, string>>;
  /** Virtual time of the send. */
  readonly at: Date;
}

export interface Mailbox extends RunningEmulator {
  /** The SES emulator's web page and API (`GET /store`); handlers send through it too. */
  readonly url: string;
  /** Holds every SendEmail call (a slow SES) until released: races between a send and a payment. */
  holdSends(): SendHold;
  /** Requests the SES emulator served (`ses:POST`…) and connections opened. */
  calls(): CallCounts;
  close(): Promise<void>;
}

/**
 * SES's maximum send rate, in real time: a token bucket of one second's worth of messages, refilled
 * continuously (SES measures the rate over short intervals and lets a second's burst through).
 */
export class SendRateLimiter {
  private tokens: number;
  private refilledAt = performance.now();

  constructor(private readonly ratePerSecond: number) {
    if (!(ratePerSecond > 0))
      throw new RangeError('The SES rate must be a positive number of messages per second');
    this.tokens = ratePerSecond;
  }

  /** Takes one send's token; false when the rate is exceeded. */
  take(): boolean {
    const now = performance.now();
    this.tokens = Math.min(
      this.ratePerSecond,
      this.tokens + ((now - this.refilledAt) / 1000) * this.ratePerSecond,
    );
    this.refilledAt = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}

export interface SendHold {
  /** SendEmail calls waiting right now. */
  waiting(): number;
  release(): void;
}

interface SendEmailRequest {
  FromEmailAddress?: string;
  Destination?: { ToAddresses?: string[]; CcAddresses?: string[]; BccAddresses?: string[] };
  ConfigurationSetName?: string;
  EmailTags?: { Name: string; Value: string }[];
  Content?: { Simple?: { Subject?: { Data?: string }; Headers?: { Name: string; Value: string }[] } };
}

/**
 * SES v2 (aws-ses-v2-local) behind a thin proxy on the mailbox port. The proxy sees each SendEmail
 * request and response (recipients, configuration set, tags, message id) to produce SES events, which
 * the emulator does not do. The emulator stamps emails with virtual time, and with `--data-dir` each
 * email is appended to `mailbox.jsonl` as it is stored, and the mailbox is reloaded at start.
 */
export async function startMailbox(options: {
  host: string;
  port: number;
  clock: VirtualClock;
  dataDir?: string;
  onSend: (email: SentEmail) => void;
  /** SES's maximum send rate, messages per real second; beyond it SendEmail answers 429. @default unlimited */
  ratePerSecond?: number;
}): Promise<Mailbox> {
  const sesServer = (
    require('aws-ses-v2-local') as { default: (config: { host: string; port: number }) => Promise<Server> }
  ).default;
  const store = require('aws-ses-v2-local/dist/store.js') as {
    getStoreReadonly(): Store;
    clearStore(): void;
  };
  const util = require('aws-ses-v2-local/dist/util.js') as { getCurrentTimestamp: () => number };

  const originalTimestamp = util.getCurrentTimestamp;
  util.getCurrentTimestamp = () => Math.floor(options.clock.nowMs() / 1000);
  // One JSON line per email, appended before SES's answer reaches the sender: a crash loses nothing
  // that was reported sent. (`mailbox.json` is the whole-file format of earlier versions.)
  const mailboxFile = options.dataDir ? join(options.dataDir, 'mailbox.json') : undefined;
  const mailboxLog = options.dataDir ? join(options.dataDir, 'mailbox.jsonl') : undefined;
  store.clearStore();
  const emails = () => store.getStoreReadonly().emails as Email[];
  if (mailboxFile && existsSync(mailboxFile)) {
    emails().push(...(JSON.parse(readFileSync(mailboxFile, 'utf8')) as Email[]));
  }
  if (mailboxLog && existsSync(mailboxLog)) {
    for (const line of readFileSync(mailboxLog, 'utf8').split('\n')) {
      if (line.trim() === '') continue;
      try {
        emails().push(JSON.parse(line) as Email);
      } catch {
        // A line cut by a crash mid-write: that email's sender never got SES's answer.
      }
    }
  }
  let persisted = emails().length;
  const persistNewEmails = () => {
    if (!mailboxLog) return;
    const fresh = emails().slice(persisted);
    if (fresh.length === 0) return;
    appendFileSync(mailboxLog, fresh.map((email) => `${JSON.stringify(email)}\n`).join(''));
    persisted = emails().length;
  };

  const inner = await sesServer({ host: '127.0.0.1', port: 0 });
  const innerPort = (inner.address() as { port: number }).port;

  let gate: Promise<void> | undefined;
  let waiting = 0;
  const holdSends = (): SendHold => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    gate = held;
    return {
      waiting: () => waiting,
      release: () => {
        if (gate === held) gate = undefined;
        release();
      },
    };
  };

  const limiter =
    options.ratePerSecond === undefined ? undefined : new SendRateLimiter(options.ratePerSecond);
  const proxy = createServer((request, response) => {
    void (async () => {
      const body = await readBody(request);
      if (
        limiter &&
        request.method === 'POST' &&
        request.url === '/v2/email/outbound-emails' &&
        !limiter.take()
      ) {
        // What SES v2 answers past the account's maximum send rate.
        const text = JSON.stringify({ message: 'Maximum sending rate exceeded.' });
        response.writeHead(429, {
          'content-type': 'application/json',
          'x-amzn-errortype': 'TooManyRequestsException',
          'content-length': Buffer.byteLength(text),
        });
        response.end(text);
        return;
      }
      if (gate && request.method === 'POST' && request.url === '/v2/email/outbound-emails') {
        waiting += 1;
        await gate;
        waiting -= 1;
      }
      const upstream = httpRequest(
        {
          host: '127.0.0.1',
          port: innerPort,
          method: request.method,
          path: request.url,
          headers: request.headers,
        },
        (answer) => {
          const chunks: Buffer[] = [];
          answer.on('data', (chunk: Buffer) => chunks.push(chunk));
          answer.on('end', () => {
            const responseBody = Buffer.concat(chunks);
            if (
              request.method === 'POST' &&
              request.url === '/v2/email/outbound-emails' &&
              answer.statusCode === 200
            ) {
              persistNewEmails();
              captureSend(body, responseBody);
            }
            if (request.method === 'POST' && request.url === '/clear-store') {
              persisted = 0;
              if (mailboxLog) writeFileSync(mailboxLog, '');
              if (mailboxFile) rmSync(mailboxFile, { force: true });
            }
            response.writeHead(answer.statusCode ?? 502, answer.headers);
            response.end(responseBody);
          });
        },
      );
      upstream.on('error', (error) => {
        response.writeHead(502, { 'content-type': 'text/plain' });
        response.end(String(error));
      });
      upstream.end(body);
    })();
  });

  const captureSend = (requestBody: Buffer, responseBody: Buffer) => {
    try {
      const sent = JSON.parse(requestBody.toString('utf8')) as SendEmailRequest;
      const { MessageId } = JSON.parse(responseBody.toString('utf8')) as { MessageId: string };
      options.onSend({
        messageId: MessageId,
        from: sent.FromEmailAddress ?? '',
        to: sent.Destination?.ToAddresses ?? [],
        cc: sent.Destination?.CcAddresses ?? [],
        bcc: sent.Destination?.BccAddresses ?? [],
        subject: sent.Content?.Simple?.Subject?.Data ?? '',
        headers: (sent.Content?.Simple?.Headers ?? []).map((h) => ({ name: h.Name, value: h.Value })),
        configurationSetName: sent.ConfigurationSetName,
        tags: Object.fromEntries((sent.EmailTags ?? []).map((tag) => [tag.Name, tag.Value])),
        at: options.clock.now(),
      });
    } catch (error) {
      console.error('[local] could not read a SendEmail call:', error);
    }
  };

  const counts: CallCounts = {};
  countCalls(proxy, 'ses', counts);
  const port = await listen(proxy, options.port, options.host);
  const url = `http://${options.host === '0.0.0.0' ? '127.0.0.1' : options.host}:${port}`;
  return {
    url,
    endpoint: url,
    holdSends,
    calls: () => ({ ...counts }),
    close: async () => {
      gate = undefined;
      await closeServer(proxy);
      await closeServer(inner);
      persistNewEmails();
      store.clearStore();
      util.getCurrentTimestamp = originalTimestamp;
    },
  };
}
