/**
 * `npm run bench`: every benchmark in one run, written to BENCHMARKS.md and printed with each figure's
 * goal and the value the previous BENCHMARKS.md gave. Before/after pairs are measured in this same run
 * against the code before the lean-and-fast work (bench/baseline.ts), on the same machine load.
 * Numbers are medians and ratios; performance is never asserted in tests.
 */

import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { prepareBaseline, REPO_ROOT } from './baseline';
import { type BuiltBundle, bundleFunction, stackFunctions } from './bundles';
import { runScale, timeBatchRegistration } from './children';
import { measureColdStarts, nodeBootstrapMs } from './cold-start';
import { API_COLD_GOAL_MS, BATCH_GOAL, goalsSection, SCALE_GOAL_S } from './goals';
import { benchStartup, benchTransitions } from './local';
import { benchRender } from './render';
import { median } from './stats';

export interface Row {
  readonly name: string;
  readonly before?: number | string;
  readonly after: number | string;
  readonly unit: string;
  /** e.g. `< 1 000 KB`, `≥ 3×`; empty when the figure has no goal. */
  readonly goal?: string;
  /** Whether `after` meets the goal. */
  readonly met?: boolean;
}

const MB = 1_000_000;
/** Round trip of one AWS call inside a region (bench/aws-latency.ts): the batch's I/O on AWS. */
const AWS_LATENCY_MS = Number(process.env.BENCH_AWS_LATENCY_MS ?? 10);

const kb = (bytes: number) => Math.round(bytes / 1000);
const TARGET = fileURLToPath(new URL('../BENCHMARKS.md', import.meta.url));

/** Every `| name | … |` row of the previous BENCHMARKS.md, by name → the value it reported (after). */
function previousValues(): Map<string, string> {
  const values = new Map<string, string>();
  if (!existsSync(TARGET)) return values;
  let afterColumn = 1;
  for (const line of readFileSync(TARGET, 'utf8').split('\n')) {
    const cells = line.split('|').map((cell) => cell.trim());
    if (cells.length < 4 || cells[1] === undefined) continue;
    if (cells[1] === 'measure') {
      // Older files: `measure | value | unit`; newer ones: `measure | before | after | …`.
      afterColumn = cells.indexOf('after') > 0 ? cells.indexOf('after') - 1 : 1;
      continue;
    }
    if (/^-+:?$/.test(cells[1])) continue;
    const value = cells[1 + afterColumn];
    if (value !== undefined && value !== '') values.set(cells[1], value);
  }
  return values;
}

/** Benchmarks that run apart, for minutes, and write their own marked section of BENCHMARKS.md. */
const CARRIED_OVER = ['bench/ses-rate.ts', 'bench/consolidation.ts'];

/** The sections those benchmarks wrote into the previous BENCHMARKS.md, markers included. */
function carriedSections(): string {
  if (!existsSync(TARGET)) return '';
  const text = readFileSync(TARGET, 'utf8');
  return CARRIED_OVER.map((script) => {
    const beginMarker = `<!-- ${script}: begin -->`;
    const endMarker = `<!-- ${script}: end -->`;
    const begin = text.indexOf(beginMarker);
    const end = text.indexOf(endMarker);
    return begin >= 0 && end > begin ? `\n\n${text.slice(begin, end + endMarker.length)}\n` : '';
  }).join('');
}

function table(rows: readonly Row[], previous: ReadonlyMap<string, string>): string {
  const lines = [
    '| measure | before | after | unit | goal | previous BENCHMARKS.md |',
    '|---|---:|---:|---|---|---:|',
  ];
  for (const row of rows) {
    const verdict = row.met === undefined ? '' : row.met ? ' ✅' : ' ❌';
    lines.push(
      `| ${row.name} | ${row.before ?? ''} | ${row.after} | ${row.unit} | ${row.goal ?? ''}${verdict} | ${previous.get(row.name) ?? ''} |`,
    );
  }
  return lines.join('\n');
}

function bundleRows(pairs: readonly { after: BuiltBundle; before?: BuiltBundle }[]): Row[] {
  return pairs.flatMap(({ after, before }) => [
    {
      name: `${after.id} index.mjs, minified`,
      before: before ? kb(before.main.bytes) : undefined,
      after: kb(after.main.bytes),
      unit: 'KB',
      goal: '< 1 000 KB',
      met: after.main.bytes < MB,
    },
    ...after.lazy.map((file) => ({
      name: `${after.id} ${file.name} (loaded on first use), minified`,
      after: kb(file.bytes),
      unit: 'KB',
      goal: '< 1 000 KB',
      met: file.bytes < MB,
    })),
    {
      name: `${after.id} all files, gzip -9 (≈ deployment zip)`,
      before: before ? kb(before.main.gzipBytes) : undefined,
      after: kb(after.main.gzipBytes + after.lazy.reduce((sum, file) => sum + file.gzipBytes, 0)),
      unit: 'KB',
    },
  ]);
}

async function main(): Promise<void> {
  const invoices = Number(process.env.BENCH_INVOICES ?? 1000);
  const coldRuns = Number(process.env.BENCH_COLD_RUNS ?? 7);
  const started = new Date();
  const loadAtStart = loadavg();
  const previous = previousValues();
  const outDir = mkdtempSync(join(tmpdir(), 'relance-bench-'));
  console.log('Exporting the baseline and bundling every function of the stack, before and after…');
  const baseline = prepareBaseline();
  try {
    const functions = await stackFunctions();
    const pairs: {
      after: BuiltBundle;
      before?: BuiltBundle;
      environment: Readonly<Record<string, string>>;
    }[] = [];
    for (const fn of functions) {
      const after = await bundleFunction(REPO_ROOT, fn, join(outDir, 'after'));
      const before = existsSync(join(baseline.root, fn.entry))
        ? await bundleFunction(baseline.root, { ...fn, lazyModules: [] }, join(outDir, 'before'))
        : undefined;
      pairs.push({ after, before, environment: fn.environment });
    }

    console.log(`Cold starts (median of ${coldRuns} fresh processes per bundle)…`);
    const bootstrap = await nodeBootstrapMs(coldRuns);
    const coldStarts = await measureColdStarts(pairs, coldRuns);
    const apiEnvironment = pairs.find(({ after }) => after.id === 'ApiFunction')?.environment ?? {};
    const sdkFloor = await bundleFunction(
      REPO_ROOT,
      { id: 'SdkFloor', entry: 'bench/sdk-floor.ts', environment: apiEnvironment, lazyModules: [] },
      join(outDir, 'floor'),
    );
    const [sdkFloorCold] = await measureColdStarts(
      [{ after: sdkFloor, environment: apiEnvironment }],
      coldRuns,
    );
    const coldRows: Row[] = [
      { name: 'node process start, empty script (floor)', after: Number(bootstrap.toFixed(0)), unit: 'ms' },
      {
        name: 'DynamoDB + Step Functions clients and logger alone, bundled (floor of the API function)',
        after: Number((sdkFloorCold?.afterMs ?? 0).toFixed(0)),
        unit: 'ms',
      },
      ...coldStarts.map((cold) => {
        const isApi = cold.id === 'ApiFunction';
        return {
          name: `${cold.id} cold start to handler ready`,
          before: cold.beforeMs === undefined ? undefined : Number(cold.beforeMs.toFixed(0)),
          after: Number(cold.afterMs.toFixed(0)),
          unit: 'ms',
          ...(isApi ? { goal: `< ${API_COLD_GOAL_MS} ms`, met: cold.afterMs < API_COLD_GOAL_MS } : {}),
        };
      }),
    ];

    console.log('Rendering emails (precompiled vs run-time MJML)…');
    const render = await benchRender();

    console.log('Batch registration of 100 invoices, before (sequential) and after (bounded concurrency)…');
    const batchRows: Row[] = [];
    const batchMedians = new Map<number, { before: number; after: number }>();
    for (const latencyMs of [0, AWS_LATENCY_MS]) {
      const batchBefore: number[] = [];
      const batchAfter: number[] = [];
      for (let run = 0; run < 3; run += 1) {
        batchBefore.push(await timeBatchRegistration(baseline.root, 100, latencyMs));
        batchAfter.push(await timeBatchRegistration(REPO_ROOT, 100, latencyMs));
      }
      const pair = { before: median(batchBefore), after: median(batchAfter) };
      batchMedians.set(latencyMs, pair);
      const speedUp = pair.before / pair.after;
      const label = latencyMs === 0 ? 'emulators as fast as they answer' : `${latencyMs} ms per AWS call`;
      batchRows.push(
        {
          name: `POST /invoices/batch, 100 invoices, ${label} (median of 3)`,
          ...pair,
          unit: 'ms',
        },
        {
          name: `batch speed-up, ${label}`,
          after: Number(speedUp.toFixed(1)),
          unit: '×',
          ...(latencyMs > 0 ? { goal: `≥ ${BATCH_GOAL}×`, met: speedUp >= BATCH_GOAL } : {}),
        },
      );
    }

    console.log(
      `Local mode: start-up and transitions; ${invoices} invoices through the cadence, before and after…`,
    );
    const local = [...(await benchStartup()), ...(await benchTransitions())];
    const scaleBefore = await runScale(baseline.root, invoices);
    const scaleAfter = await runScale(REPO_ROOT, invoices);
    const scaleRows: Row[] = [...scaleAfter.entries()].map(([name, after]) => {
      const isWall = name.endsWith('full cadence, wall time');
      return {
        name,
        before: scaleBefore.get(name),
        after,
        unit: name.includes('wall time')
          ? 's'
          : name.includes(' per invoice') && !name.includes('CPU')
            ? 'calls'
            : name.includes('connections')
              ? 'connections'
              : name.includes('CPU time per invoice')
                ? 'ms'
                : name.includes('per second')
                  ? '/s'
                  : name.includes('memory')
                    ? 'MiB'
                    : name.includes('CPU')
                      ? 's'
                      : name.includes('emails sent')
                        ? 'emails'
                        : 'ms',
        ...(isWall ? { goal: `< ${SCALE_GOAL_S} s`, met: after < SCALE_GOAL_S } : {}),
      };
    });
    const loadAtEnd = loadavg();
    const bundleFiles = pairs.flatMap(({ after }) => [after.main, ...after.lazy]);
    const scaleFigure = (suffix: string) =>
      [...scaleAfter.entries()].find(([name]) => name.endsWith(suffix))?.[1];
    const goals = goalsSection({
      bundles: {
        total: bundleFiles.length,
        underLimit: bundleFiles.filter((file) => file.bytes < MB).length,
      },
      apiColdMs: coldStarts.find((cold) => cold.id === 'ApiFunction')?.afterMs ?? Number.NaN,
      sdkFloorMs: sdkFloorCold?.afterMs ?? Number.NaN,
      batch: {
        latencyMs: AWS_LATENCY_MS,
        beforeMs: batchMedians.get(AWS_LATENCY_MS)?.before ?? Number.NaN,
        afterMs: batchMedians.get(AWS_LATENCY_MS)?.after ?? Number.NaN,
        afterWithoutLatencyMs: batchMedians.get(0)?.after ?? Number.NaN,
      },
      scale: {
        invoices,
        wallS: scaleFigure('full cadence, wall time'),
        cpuPerInvoiceMs: scaleFigure('CPU time per invoice, this process'),
        emulatorCpuPerInvoiceMs: scaleFigure('CPU time per invoice, DynamoDB/S3 emulator process'),
        cores: cpus().length,
      },
    });

    const markdown = `# Benchmarks

Measured by \`npm run bench\` on ${started.toISOString().slice(0, 16).replace('T', ' ')} UTC, one run, on this machine
(${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}),
load average ${loadAtStart[0]?.toFixed(1)} at the start and ${loadAtEnd[0]?.toFixed(1)} at the end (2 cores: above 2, other work
was competing for the CPU). **before** is the code at \`${baseline.ref}\` (before the lean-and-fast work),
exported and measured in this same run; **after** is this tree. The last column is what the previous
BENCHMARKS.md said. Compare before/after, not runs on different days.

## Lambda bundles (esbuild, minified, AWS SDK included)

${table(bundleRows(pairs), previous)}

Largest inputs of each \`index.mjs\`:

${pairs.map(({ after }) => `- ${after.id}: ${after.largestInputs}${after.containsMjml ? ' — **contains mjml**' : ''}${after.containsMomentTimezone ? ' — **contains moment-timezone**' : ''}`).join('\n')}

## Cold start: fresh \`node\` process importing the bundle until \`handler\` is ready

${table(coldRows, previous)}

## Batch registration (local twin, emulators doing the real work)

${table(batchRows, previous)}

## Email rendering: precompiled templates vs MJML at send time

${table(
  render.map((row) => ({ name: row.name, after: row.value, unit: row.unit })),
  previous,
)}

## Local mode: start-up, state transitions, cost and scale

${table(
  local.map((row) => ({ name: row.name, after: row.value, unit: row.unit })),
  previous,
)}

${table(scaleRows, previous)}

${goals}

${READING}`;
    // The SES-rate and consolidation scenarios run apart, for minutes: their sections are carried over.
    writeFileSync(TARGET, `${markdown}${carriedSections()}`);
    console.log(markdown);
    console.log(`Wrote ${TARGET}`);
  } finally {
    baseline.remove();
    rmSync(outDir, { recursive: true, force: true });
  }
}

const READING = `## Reading the numbers

- **Bundles.** Each function bundles only the AWS clients it calls (one module per client in
  \`functions/shared/aws/\`). zod is imported as a namespace (\`import * as z\`), which lets esbuild keep
  only the parts a function uses (the named \`z\` export drags every locale along: +360 KB); functions
  that parse only their task input use \`zod/mini\`.
- **Holiday calendar.** date-holidays knows every country and computes them with moment-timezone and
  lunar/solar astronomy (~1.4 MB minified, half of the API bundle) to give eleven French dates a year.
  The same library now runs at build time (\`scripts/build-holidays.ts\`): it writes France's and its
  regions' public holidays for 1900–2199 into a ~20 KB module that the functions read. The calendar stays
  the library's output, never hand-typed dates; a unit test compares it with date-holidays itself. Other
  options considered: a France-only holiday package (smaller community, no regional calendars such as
  Alsace-Moselle or the overseas departments), or date-holidays' parser with France's rules only (it still
  imports moment-timezone and astronomia statically).
- **Send function.** pdf-lib (the formal-notice letter) is bundled into \`letter.mjs\` next to
  \`index.mjs\` and imported on the first formal notice: reminders never load it. The email templates
  share their layout markup once instead of once per message.
- **Cold start** is measured from the process's own start (Node's bootstrap, the first row, included)
  to \`handler\` being a function, with the environment of the synthesized function (\`NODE_OPTIONS
  =--enable-source-maps\` included). Goal: API under 150 ms on this machine. The second row is the
  floor under the API function: the DynamoDB and Step Functions clients every request uses and the
  logger, bundled alone (bench/sdk-floor.ts). The API loads S3, SES, the Factur-X reader, the presigner
  and the Secrets Manager and API Gateway clients only with the first request that needs them (lazy
  modules), and every \`index.mjs\` is ASCII-only (licence comments go to \`index.mjs.LEGAL.txt\`): one
  non-ASCII byte makes V8 decode and scan the whole file as two-byte text.
- **Batch.** \`POST /invoices/batch\` registers up to 8 invoices at a time (p-limit); results keep the
  input order and each item settles alone. Goal: at least 3× faster than one by one. Locally the
  emulators answer in well under a millisecond, so the first pair only measures CPU, which concurrency
  cannot multiply on two cores (the executions started by the batch run their first states in the same
  process). The second pair gives every AWS call of either tree the round trip it takes inside an AWS
  region (\`BENCH_AWS_LATENCY_MS\`, default 10 ms, bench/aws-latency.ts): that is the time concurrency
  overlaps on AWS.
- **Scale** (goal: 1 000 invoices through the full cadence in under 60 s on 2 cores): the run is
  CPU-bound on both cores (handlers, engine and SES emulator on one, DynamoDB and S3 emulation in a child
  process on the other), so the machine's load weighs on it directly; read the CPU time and the emulator
  calls per invoice, which load changes much less. What was done: a sent step's record, its status advance
  and its event's sequence number go in one write (a second only when a payment or pause got there first);
  registration answers with the invoice its last write returned instead of reading it again; locally, the
  DynamoDB and SES clients write a well-formed signature header without computing it (the emulators only
  check it is there; S3 stays signed) and skip the SDK's log redaction for a logger that discards
  everything. Handlers can run in a worker thread (\`handlerThreads\`, \`BENCH_HANDLER_THREADS=1\`):
  measured slower on a loaded machine (no idle core to take the work; each thread warms its own JIT and
  heap), so the benchmark runs them in-process. What remains is in the call counts above: each customer
  message still costs about a dozen calls (invoice and seller reads, the contact-day query and writes,
  the claim, the PDF, SES, the evidence copy, the step record and its event), each delivery event two
  more, and the daily jobs (limitation alerts, finance snapshot, pending starts) a fixed number of queries
  a day, which weighs less the more invoices run.
- Step Functions cost is per state transition ($0.025 per 1 000); a paid invoice stops its execution,
  so it costs less than half of one that goes all the way to escalation.
`;

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
