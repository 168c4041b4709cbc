/**
 * Email rendering, measured side by side in one run: the precompiled templates the send function uses
 * (`renderMessage`) against the alternative of calling `mjml2html` at send time (the same MJML, filled
 * with the same values by Handlebars, then compiled). Also: mjml's import time (a cold-start cost the
 * precompiled path never pays), the formal-notice letter PDF, and the size of the render module bundled
 * as the send function bundles it.
 */
import { build } from 'esbuild';
import Handlebars from 'handlebars';
import { MESSAGE_STEPS, type MessageStep } from '../functions/core/steps';
import { renderFormalNoticeLetter, renderMessage } from '../functions/send-message/render';
import { buildMessageView } from '../functions/send-message/view';
import { compileAll, loadMjml } from '../scripts/build-templates';
import { messageContext } from '../test/fixtures/messages';
import { median } from './stats';

export interface BenchResult {
  name: string;
  value: number;
  unit: string;
}

/** Median duration of `task` in microseconds, after a warm-up. */
async function medianMicros(task: () => unknown, iterations: number, warmUp: number): Promise<number> {
  for (let index = 0; index < warmUp; index += 1) await task();
  const samples: number[] = [];
  for (let index = 0; index < iterations; index += 1) {
    const start = process.hrtime.bigint();
    await task();
    samples.push(Number(process.hrtime.bigint() - start) / 1000);
  }
  return median(samples);
}

const round = (value: number, digits = 1) => Math.round(value * 10 ** digits) / 10 ** digits;

export async function benchRender(): Promise<{ name: string; value: number; unit: string }[]> {
  const results: BenchResult[] = [];

  const importStart = performance.now();
  const mjml2html = loadMjml();
  results.push({
    name: 'mjml import (cold-start cost avoided)',
    value: round(performance.now() - importStart),
    unit: 'ms',
  });

  const buildStart = performance.now();
  const compiled = await compileAll(mjml2html);
  results.push({
    name: `build: compile ${compiled.length} MJML templates (strict)`,
    value: round(performance.now() - buildStart),
    unit: 'ms',
  });

  const precompiledMedians: number[] = [];
  const runtimeMedians: number[] = [];
  for (const { step, mjml } of compiled) {
    // The seller notifications have no message context of their own: the customer messages are measured.
    if (!(MESSAGE_STEPS as readonly string[]).includes(step)) continue;
    const context = messageContext(step as MessageStep);
    // Generous to the run-time path: the Handlebars fill of the MJML is compiled once, outside the timing.
    const fill = Handlebars.compile(mjml, { strict: true, knownHelpersOnly: true });
    const precompiled = await medianMicros(() => renderMessage(context), 2000, 500);
    const runtime = await medianMicros(
      () => mjml2html(fill(buildMessageView(context)), { validationLevel: 'soft', keepComments: false }),
      25,
      5,
    );
    precompiledMedians.push(precompiled);
    runtimeMedians.push(runtime);
    results.push(
      { name: `render ${step}: precompiled (median)`, value: round(precompiled), unit: 'µs' },
      { name: `render ${step}: mjml2html at run time (median)`, value: round(runtime), unit: 'µs' },
      { name: `render ${step}: speed-up`, value: round(runtime / precompiled, 0), unit: '×' },
    );
  }
  const precompiled = median(precompiledMedians);
  const runtime = median(runtimeMedians);
  results.push(
    { name: 'render, all messages: precompiled (median)', value: round(precompiled), unit: 'µs' },
    { name: 'render, all messages: mjml2html at run time (median)', value: round(runtime), unit: 'µs' },
    { name: 'render, all messages: speed-up', value: round(runtime / precompiled, 0), unit: '×' },
  );

  const letterContext = messageContext('formal_notice');
  const letter = await medianMicros(() => renderFormalNoticeLetter(letterContext), 40, 5);
  results.push({ name: 'formal-notice letter PDF (median)', value: round(letter / 1000, 2), unit: 'ms' });

  const bundle = await build({
    entryPoints: ['functions/send-message/render.ts'],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    minify: true,
    write: false,
    logLevel: 'silent',
  });
  const bytes = bundle.outputFiles.reduce((sum, file) => sum + file.contents.byteLength, 0);
  results.push({
    name: 'render module bundle (minified, incl. pdf-lib)',
    value: round(bytes / 1024),
    unit: 'KiB',
  });

  return results;
}

if (process.argv[1]?.endsWith('bench/render.ts')) {
  benchRender().then((results) => {
    for (const result of results) console.log(`${result.name}: ${result.value} ${result.unit}`);
  });
}
