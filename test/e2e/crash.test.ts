import { type ChildProcess, spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { invoiceIdFor } from '../../functions/core/ids';
import { invoiceFa0012 } from '../fixtures/invoices';
import { atelierDupont } from '../fixtures/sellers';
import { createDataDir, removeDataDir, type StoredEmail } from './harness';

const REPO_ROOT = resolve(import.meta.dirname, '../..');
const API_KEY = 'crash-test-key';
const INVOICES = 12;

interface Running {
  readonly child: ChildProcess;
  readonly apiUrl: string;
  readonly mailboxUrl: string;
}

interface View {
  schedule: { step: string; state: string; reason?: string; messageId?: string }[];
  events: { type: string; step?: string }[];
}

/**
 * Finding 2 of the hardening review: the local service is killed (SIGKILL, no clean stop) while a clock
 * advance is sending, then restarted on the same data directory. No claim may be left behind: every step
 * ends `sent`, or `unknown` with its event for a human — never silently missing, never sent twice — and
 * every email the mailbox accepted before the crash is still there.
 */
describe('a crash of the local service mid-send', () => {
  const dataDir = createDataDir();
  let running: Running | undefined;

  afterAll(() => {
    running?.child.kill('SIGKILL');
    removeDataDir(dataDir);
  });

  it('should end every claimed step sent or unknown after a kill -9 and a restart', async () => {
    running = await startChild(dataDir, ['--now', '2026-11-02T10:00:00Z']);
    expect((await call(running, 'PUT', '/sellers/atelier-dupont', atelierDupont)).status).toBe(201);
    const numbers = Array.from({ length: INVOICES }, (_, i) => `FA-CRASH-${String(i).padStart(3, '0')}`);
    for (const [i, number] of numbers.entries()) {
      const invoice = {
        ...invoiceFa0012,
        number,
        paymentLink: undefined,
        customer: { ...invoiceFa0012.customer, id: `C-CRASH-${i}`, email: `payer-${i}@crash.example` },
      };
      expect((await call(running, 'POST', '/invoices', invoice)).status).toBe(201);
    }

    // Advance through the whole cadence, and kill the process once some emails are out.
    void call(running, 'POST', '/_local/clock', { advanceTo: '2027-01-20T00:00:00Z' }).catch(() => undefined);
    await until(async () => (await mailbox(running as Running)).length >= INVOICES + 3);
    running.child.kill('SIGKILL');
    await new Promise((done) => running?.child.once('exit', done));
    const beforeCrash = (await readMailboxAfterRestart(dataDir)).length;

    running = await startChild(dataDir, []);
    expect((await call(running, 'POST', '/_local/clock', { advanceTo: '2027-02-01T00:00:00Z' })).status).toBe(
      200,
    );
    const emails = await mailbox(running);
    expect(emails.length).toBeGreaterThanOrEqual(beforeCrash);
    const mailboxIds = new Set(emails.map((email) => email.messageId));

    for (const [i, number] of numbers.entries()) {
      const view = (await call(running, 'GET', `/invoices/${invoiceIdFor('atelier-dupont', number)}`))
        .json as View;
      const unknown = view.schedule.filter((entry) => entry.reason === 'send_outcome_unknown');
      const sent = view.schedule.filter((entry) => entry.state === 'sent');
      // Nothing left planned in the past, nothing stuck: each step sent, or unknown and said so.
      expect(sent.length + unknown.length).toBe(view.schedule.length);
      for (const entry of unknown) {
        expect(view.events).toContainEqual(
          expect.objectContaining({ type: 'send_outcome_unknown', step: entry.step }),
        );
      }
      for (const entry of sent) expect(mailboxIds.has(entry.messageId as string)).toBe(true);
      // Never twice: the customer got at most one email per customer step.
      const toCustomer = emails.filter((email) => email.destination.to.includes(`payer-${i}@crash.example`));
      expect(new Set(toCustomer.map((email) => email.subject)).size).toBe(toCustomer.length);
      const customerSteps = view.schedule.filter((entry) => entry.step !== 'escalation');
      expect(toCustomer.length).toBeLessThanOrEqual(customerSteps.length);
    }
  }, 300_000);
});

async function startChild(dataDir: string, extra: string[]): Promise<Running> {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'bin/local.ts',
      '--no-demo',
      '--clock',
      'manual',
      '--port',
      '0',
      '--mailbox-port',
      '0',
      '--data-dir',
      dataDir,
      ...extra,
    ],
    { cwd: REPO_ROOT, env: { ...process.env, DUNNING_API_KEY: API_KEY }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString('utf8');
  });
  return new Promise<Running>((done, fail) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const api = /API\s+(http:\/\/\S+)/.exec(output)?.[1];
      const mail = /Mailbox\s+(http:\/\/\S+)/.exec(output)?.[1];
      if (api && mail) done({ child, apiUrl: api, mailboxUrl: mail });
    });
    child.once('exit', (code) =>
      fail(new Error(`local service exited (${code}) before it was ready:\n${output}`)),
    );
  });
}

async function call(running: Running, method: string, path: string, body?: unknown) {
  const response = await fetch(`${running.apiUrl}${path}`, {
    method,
    headers: { 'x-api-key': API_KEY, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, json: text ? (JSON.parse(text) as unknown) : undefined };
}

async function mailbox(running: Running): Promise<StoredEmail[]> {
  const response = await fetch(`${running.mailboxUrl}/store`);
  return ((await response.json()) as { emails: StoredEmail[] }).emails;
}

/** The mailbox as a restart will reload it: one JSON line per email accepted before the crash. */
async function readMailboxAfterRestart(dataDir: string): Promise<string[]> {
  const { readFile } = await import('node:fs/promises');
  const text = await readFile(resolve(dataDir, 'mailbox.jsonl'), 'utf8');
  return text.split('\n').filter((line) => line.trim() !== '');
}

async function until(condition: () => Promise<boolean>, timeoutMs = 120_000): Promise<void> {
  const started = Date.now();
  while (!(await condition())) {
    if (Date.now() - started > timeoutMs) throw new Error('Timed out waiting for the condition');
    await new Promise((done) => setTimeout(done, 20));
  }
}
