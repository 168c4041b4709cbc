/**
 * Measures that run in a fresh process on a given tree (this one, or the baseline exported by
 * bench/baseline.ts), so that before and after use their own code under the same conditions.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** This tree's AWS latency model (bench/aws-latency.ts), preloaded into the children of either tree. */
const AWS_LATENCY_PRELOAD = pathToFileURL(join(import.meta.dirname, 'aws-latency.ts')).href;

function runTsx(root: string, args: readonly string[], timeoutMs: number, awsLatencyMs = 0): Promise<string> {
  return new Promise((resolve, reject) => {
    const latency = awsLatencyMs > 0 ? ['--import', AWS_LATENCY_PRELOAD] : [];
    const child = spawn(process.execPath, ['--import', 'tsx', ...latency, ...args], {
      cwd: root,
      env: {
        ...process.env,
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
        BENCH_AWS_LATENCY_MS: String(awsLatencyMs),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    let errors = '';
    const timer = setTimeout(() => child.kill('SIGTERM'), timeoutMs);
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      errors += chunk.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      if (code !== 0)
        reject(new Error(`${args.join(' ')} in ${root} exited with ${code}: ${errors.slice(-2000)}`));
      else resolve(output);
    });
  });
}

/**
 * Registers `count` invoices in one `POST /invoices/batch` on a fresh local service of the tree at `root`
 * (after a small warm-up batch) and returns the milliseconds the call took; with `awsLatencyMs`, every
 * AWS call waits that long for its answer (bench/aws-latency.ts).
 */
export async function timeBatchRegistration(root: string, count: number, awsLatencyMs = 0): Promise<number> {
  const url = (path: string) => JSON.stringify(pathToFileURL(join(root, path)).href);
  const script = `
    const { startLocalService } = await import(${url('lib/local/service.ts')});
    const { atelierDupont } = await import(${url('test/fixtures/sellers.ts')});
    const { invoiceFa0012 } = await import(${url('test/fixtures/invoices.ts')});
    const service = await startLocalService({ port: 0, mailboxPort: 0, now: '2026-11-02T10:00:00Z', logLevel: 'ERROR' });
    const call = async (method, path, body) => {
      const response = await fetch(service.apiUrl + path, {
        method, headers: { 'x-api-key': service.apiKey, 'content-type': 'application/json' }, body: JSON.stringify(body) });
      if (response.status >= 300) throw new Error(method + ' ' + path + ': ' + response.status);
      return response.json();
    };
    const batch = (prefix, n) => ({ invoices: Array.from({ length: n }, (_, i) => ({
      ...invoiceFa0012, number: prefix + i, customer: { ...invoiceFa0012.customer, id: 'C-' + prefix + i } })) });
    await call('PUT', '/sellers/atelier-dupont', atelierDupont);
    await call('POST', '/invoices/batch', batch('WARM-', 5));
    await service.clock.settle();
    const started = performance.now();
    const { results } = await call('POST', '/invoices/batch', batch('B-', ${count}));
    const ms = performance.now() - started;
    if (results.some((r) => r.status !== 201)) throw new Error('a batch item failed');
    process.stdout.write('BATCH_MS=' + ms.toFixed(0) + '\\n');
    await service.stop();
    process.exit(0);`;
  const output = await runTsx(root, ['--input-type=module', '-e', script], 10 * 60_000, awsLatencyMs);
  const match = /BATCH_MS=(\d+)/.exec(output);
  if (!match) throw new Error(`no batch timing in: ${output}`);
  return Number(match[1]);
}

/** Runs the tree's own `bench/local.ts <invoices> scale` and returns its figures by name. */
export async function runScale(root: string, invoices: number): Promise<Map<string, number>> {
  const output = await runTsx(root, ['bench/local.ts', String(invoices), 'scale'], 20 * 60_000);
  const figures = new Map<string, number>();
  for (const line of output.split('\n')) {
    const match = /^(scale: .+?)\s+(-?[\d.]+) \S+$/.exec(line.trim());
    if (match) figures.set((match[1] as string).trim(), Number(match[2]));
  }
  return figures;
}
