/**
 * Local mode, measured in one run: start-up to ready, the state transitions of each invoice path (and
 * the Step Functions cost they imply), and 1 000 invoices through the full cadence with the manual
 * clock, with where the time goes. Run alone with `npx tsx bench/local.ts [invoices]`.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { InvoiceInput } from '../functions/core/schemas';
import type { LocalService } from '../lib/local/service';
import { invoiceFa0012 } from '../test/fixtures/invoices';
import { atelierDupont } from '../test/fixtures/sellers';
import { call } from './local-api';
import { startBenchService } from './service';

export interface BenchResult {
  name: string;
  value: number;
  unit: string;
}

/** Step Functions Standard: $0.025 per 1 000 state transitions (eu-west-3, on-demand). */
const USD_PER_TRANSITION = 0.025 / 1000;
const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));

function invoice(number: string, dueDate: string, email: string): InvoiceInput {
  return {
    ...invoiceFa0012,
    number,
    dueDate,
    customer: { ...invoiceFa0012.customer, id: `C-${number}`, email },
    paymentLink: `https://pay.example.com/i/${number}`,
  };
}

/** Time from process start to the first `/health` 200 of `npm start`'s service, in a fresh process. */
function startupInChildProcess(noCache: boolean): Promise<number> {
  const script = `
    const { startLocalService } = await import(${JSON.stringify(`${REPO_ROOT}lib/local/service.ts`)});
    const service = await startLocalService({ port: 0, mailboxPort: 0, clock: 'manual' });
    for (;;) { if ((await fetch(service.apiUrl + '/health')).status === 200) break; }
    console.log('READY_MS=' + Math.round(performance.now()));
    await service.stop();`;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: REPO_ROOT,
      env: { ...process.env, ...(noCache ? { RELANCE_LOCAL_NO_CACHE: '1' } : {}) },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => {
      const match = /READY_MS=(\d+)/.exec(output);
      if (code !== 0 || !match) reject(new Error(`start-up child exited with ${code}: ${output}`));
      else resolve(Number(match[1]));
    });
  });
}

export async function benchStartup(): Promise<BenchResult[]> {
  const cold = await startupInChildProcess(true);
  const warm: number[] = [];
  for (let run = 0; run < 3; run += 1) warm.push(await startupInChildProcess(false));
  warm.sort((a, b) => a - b);
  return [
    { name: 'local start-up to /health 200, template synthesized (cold)', value: cold, unit: 'ms' },
    {
      name: 'local start-up to /health 200, cached template (median of 3)',
      value: warm[1] as number,
      unit: 'ms',
    },
  ];
}

/** Transitions per path, counted from the engine's event log (retries included), and the cost they imply. */
export async function benchTransitions(): Promise<BenchResult[]> {
  const service = await startBenchService();
  try {
    await call(service, 'PUT', '/sellers/atelier-dupont', atelierDupont);
    const paths = {
      'paid before the due date': invoice('T-PAID-EARLY', '2026-11-20', 'early@client.example'),
      'paid after the first reminder': invoice('T-PAID-FIRST', '2026-11-20', 'first@client.example'),
      'never paid (formal notice, escalation)': invoice('T-NEVER', '2026-11-20', 'never@client.example'),
    };
    const ids: Record<string, string> = {};
    for (const [path, body] of Object.entries(paths)) {
      ids[path] = (
        (await (await call(service, 'POST', '/invoices', body)).json()) as { invoiceId: string }
      ).invoiceId;
    }
    const payInFull = (path: string) =>
      call(service, 'POST', `/invoices/${ids[path]}/payments`, {
        paymentId: `PAY-${path}`,
        amountMinor: 123456,
      });
    await service.clock.advanceTo('2026-11-15T12:00:00Z');
    await payInFull('paid before the due date');
    await service.clock.advanceTo('2026-12-01T12:00:00Z');
    await payInFull('paid after the first reminder');
    await service.clock.advanceTo('2027-02-01T00:00:00Z');

    const executions = service.engine.listExecutions();
    const results: BenchResult[] = [];
    for (const [path, invoiceId] of Object.entries(ids)) {
      const transitions = executions
        .filter((execution) => execution.name.startsWith(invoiceId))
        .reduce((sum, execution) => sum + execution.transitions, 0);
      results.push({ name: `state transitions, ${path}`, value: transitions, unit: 'transitions' });
      results.push({
        name: `Step Functions cost per 1 000 invoices, ${path}`,
        value: Number((transitions * 1000 * USD_PER_TRANSITION).toFixed(3)),
        unit: 'USD',
      });
    }
    return results;
  } finally {
    await service.stop();
  }
}

/**
 * `count` unpaid invoices through the whole cadence (6 emails each) with the manual clock, handlers
 * in-process (`BENCH_HANDLER_THREADS=1`: in a worker thread, to compare; BENCHMARKS.md has the pair).
 */
async function benchScale(count: number): Promise<BenchResult[]> {
  const service = await startBenchService({ handlerThreads: process.env.BENCH_HANDLER_THREADS === '1' });
  const handlerMs = new Map<string, number>();
  service.lambdas.onInvocation((record) => {
    handlerMs.set(record.fn.logicalId, (handlerMs.get(record.fn.logicalId) ?? 0) + record.durationMs);
  });
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }, 50);
  try {
    await call(service, 'PUT', '/sellers/atelier-dupont', atelierDupont);
    const dueDates = ['2026-11-20', '2026-11-23', '2026-11-24', '2026-11-25', '2026-11-26'];
    const statsStarted = await service.emulatorStats();
    const started = performance.now();
    const cpuStarted = process.cpuUsage();
    for (let offset = 0; offset < count; offset += 100) {
      const batch = Array.from({ length: Math.min(100, count - offset) }, (_, i) => {
        const n = offset + i;
        return invoice(
          `S-${String(n).padStart(5, '0')}`,
          dueDates[n % dueDates.length] as string,
          `c${n}@client.example`,
        );
      });
      await call(service, 'POST', '/invoices/batch', { invoices: batch });
    }
    await service.clock.settle();
    const registered = performance.now();
    await service.clock.advanceTo('2027-02-15T00:00:00Z');
    const finished = performance.now();
    const cpu = process.cpuUsage(cpuStarted);
    const statsFinished = await service.emulatorStats();
    const emails = ((await (await fetch(`${service.mailboxUrl}/store`)).json()) as { emails: unknown[] })
      .emails.length;
    const succeeded = service.engine.listExecutions({ statusFilter: 'SUCCEEDED' }).length;
    if (succeeded !== count) throw new Error(`only ${succeeded} of ${count} executions succeeded`);
    const wallSeconds = (finished - started) / 1000;
    const results: BenchResult[] = [
      {
        name: `scale: ${count} invoices, full cadence, wall time`,
        value: Number(wallSeconds.toFixed(1)),
        unit: 's',
      },
      {
        name: 'scale: registration (batch API, 100 per call)',
        value: Math.round(registered - started),
        unit: 'ms',
      },
      {
        name: 'scale: invoices per second',
        value: Number((count / wallSeconds).toFixed(1)),
        unit: 'invoices/s',
      },
      { name: 'scale: emails sent', value: emails, unit: 'emails' },
      {
        name: 'scale: emails per second',
        value: Number((emails / wallSeconds).toFixed(1)),
        unit: 'emails/s',
      },
      {
        name: 'scale: CPU time of the process (user + system), all threads',
        value: Number(((cpu.user + cpu.system) / 1e6).toFixed(1)),
        unit: 's',
      },
      {
        name: 'scale: CPU time per invoice, this process',
        value: Math.round((cpu.user + cpu.system) / 1000 / count),
        unit: 'ms',
      },
      { name: 'scale: peak resident memory', value: Math.round(peakRss / 1024 / 1024), unit: 'MiB' },
      ...emulatorFigures(statsStarted, statsFinished, count),
    ];
    for (const [fn, ms] of [...handlerMs.entries()].sort((a, b) => b[1] - a[1])) {
      results.push({
        name: `scale: time inside ${fn.replace(/[0-9A-F]{8}$/, '')} (incl. its emulator calls)`,
        value: Math.round(ms),
        unit: 'ms',
      });
    }
    return results;
  } finally {
    clearInterval(sampler);
    await service.stop();
  }
}

type EmulatorStats = Awaited<ReturnType<LocalService['emulatorStats']>>;

/** Emulator calls per invoice (in all, per service, connections opened) and the emulator process's CPU. */
function emulatorFigures(before: EmulatorStats, after: EmulatorStats, count: number): BenchResult[] {
  const delta = (key: string) => (after.calls[key] ?? 0) - (before.calls[key] ?? 0);
  const perInvoice = (keys: string[]) =>
    Number((keys.reduce((sum, key) => sum + delta(key), 0) / count).toFixed(1));
  const calls = Object.keys(after.calls).filter((key) => !key.endsWith(':(connections)'));
  const results: BenchResult[] = [
    {
      name: 'scale: emulator calls per invoice (DynamoDB, S3, SES)',
      value: perInvoice(calls),
      unit: 'calls',
    },
  ];
  for (const service of ['dynamodb', 's3', 'ses']) {
    results.push({
      name: `scale: ${service} calls per invoice`,
      value: perInvoice(calls.filter((key) => key.startsWith(`${service}:`))),
      unit: 'calls',
    });
  }
  const top = calls
    .filter((key) => key.startsWith('dynamodb:'))
    .sort((a, b) => delta(b) - delta(a))
    .slice(0, 6);
  for (const key of top)
    results.push({ name: `scale: ${key} per invoice`, value: perInvoice([key]), unit: 'calls' });
  results.push({
    name: 'scale: emulator connections opened',
    value: Object.keys(after.calls)
      .filter((key) => key.endsWith(':(connections)'))
      .reduce((sum, key) => sum + delta(key), 0),
    unit: 'connections',
  });
  if (after.storageCpuMs !== undefined && before.storageCpuMs !== undefined) {
    results.push({
      name: 'scale: CPU time per invoice, DynamoDB/S3 emulator process',
      value: Math.round((after.storageCpuMs - before.storageCpuMs) / count),
      unit: 'ms',
    });
  }
  return results;
}

export async function benchLocal(options: { invoices?: number } = {}): Promise<BenchResult[]> {
  return [
    ...(await benchStartup()),
    ...(await benchTransitions()),
    ...(await benchScale(options.invoices ?? 1000)),
  ];
}

if (process.argv[1]?.endsWith('bench/local.ts')) {
  const invoices = Number(process.argv[2] ?? 1000);
  const only = process.argv[3];
  const run =
    only === 'scale'
      ? benchScale(invoices)
      : only === 'transitions'
        ? benchTransitions()
        : only === 'startup'
          ? benchStartup()
          : benchLocal({ invoices });
  run.then(
    (results) => {
      for (const result of results)
        console.log(`${result.name.padEnd(78)} ${String(result.value).padStart(10)} ${result.unit}`);
      process.exit(0);
    },
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
