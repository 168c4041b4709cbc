import { appendFileSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, request as httpRequest, type Server } from 'node:http';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Email, Store } from 'aws-ses-v2-local/dist/store';
import type { VirtualClock } from './clock';
import { type CallCounts, countCalls, type RunningEmulator } from './emulators';
import { closeServer, listen, readBody } from './http';

const require = createRequire(import.meta.url);

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
