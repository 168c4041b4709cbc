/**
 * `npm run bench`: every benchmark in one run, side by side, written to BENCHMARKS.md.
 * Numbers are ratios and medians measured on this machine in this run; never assertions in tests.
 */

import { writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { measureBundles } from './bundles';
import { benchLocal } from './local';
import { benchRender } from './render';

interface Row {
  readonly name: string;
  readonly value: number | string;
  readonly unit: string;
}

function table(rows: readonly Row[]): string {
  const lines = ['| measure | value | unit |', '|---|---:|---|'];
  for (const row of rows) lines.push(`| ${row.name} | ${row.value} | ${row.unit} |`);
  return lines.join('\n');
}

async function main(): Promise<void> {
  const invoices = Number(process.env.BENCH_INVOICES ?? 1000);
  const started = new Date();
  console.log('Bundling the Lambda functions…');
  const bundles = await measureBundles();
  console.log('Rendering emails (precompiled vs run-time MJML)…');
  const render = await benchRender();
  console.log(`Local mode: start-up, transitions per path, ${invoices} invoices through the cadence…`);
  const local = await benchLocal({ invoices });

  const bundleRows: Row[] = bundles.flatMap((b) => [
    { name: `${b.entry} minified`, value: Math.round(b.minifiedBytes / 1024), unit: 'KiB' },
    { name: `${b.entry} zipped (gzip -9)`, value: Math.round(b.gzipBytes / 1024), unit: 'KiB' },
  ]);
  const markdown = `# Benchmarks

Measured by \`npm run bench\` on ${started.toISOString().slice(0, 10)}, one run, on this machine
(${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}).
Figures vary with the machine's load; compare the ratios, measured side by side in the same run.

## Email rendering: precompiled templates vs MJML at send time

${table(render)}

## Lambda bundles (esbuild, minified, AWS SDK included)

${table(bundleRows)}

Largest inputs of each bundle:

${bundles.map((b) => `- \`${b.entry}\`: ${b.largestInputs}${b.containsMjml ? ' — **contains mjml**' : ''}`).join('\n')}

## Local mode: state transitions, cost and scale

${table(local)}
`;
  const target = fileURLToPath(new URL('../BENCHMARKS.md', import.meta.url));
  writeFileSync(target, markdown);
  console.log(markdown);
  console.log(`Wrote ${target}`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
