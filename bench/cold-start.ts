/**
 * Cold start of each Lambda bundle: a fresh `node` process imports `index.mjs` with the environment of
 * its synthesized `AWS::Lambda::Function` (config is parsed at import, NODE_OPTIONS enables source maps
 * as in AWS) and reports when `handler` is a function. The time is measured from the process's own start
 * (Node's bootstrap included, as in a Lambda init), median of several runs; before and after bundles
 * are interleaved so that both see the same machine load.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BuiltBundle } from './bundles';
import { median } from './stats';

const READY_SCRIPT = `
const module = await import(process.env.BENCH_BUNDLE_URL);
if (typeof module.handler !== 'function') throw new Error('no handler export');
process.stdout.write('READY_MS=' + performance.now().toFixed(2));
`;

/** Environment of a Lambda sandbox that the handlers may read at import (no credentials needed). */
const LAMBDA_ENVIRONMENT = {
  AWS_REGION: 'eu-west-3',
  AWS_DEFAULT_REGION: 'eu-west-3',
  AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '512',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
};

function runOnce(url: string | undefined, environment: Readonly<Record<string, string>>): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        url === undefined ? "process.stdout.write('READY_MS=' + performance.now().toFixed(2))" : READY_SCRIPT,
      ],
      {
        env: { PATH: process.env.PATH, ...LAMBDA_ENVIRONMENT, ...environment, BENCH_BUNDLE_URL: url ?? '' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => {
      const match = /READY_MS=([\d.]+)/.exec(output);
      if (code !== 0 || !match) reject(new Error(`cold start of ${url} failed (${code}): ${output}`));
      else resolve(Number(match[1]));
    });
  });
}

export interface ColdStart {
  readonly id: string;
  readonly beforeMs?: number;
  readonly afterMs: number;
}

/** Median time to an empty script's end in a fresh process: the floor under every cold start. */
export async function nodeBootstrapMs(runs: number): Promise<number> {
  const times: number[] = [];
  for (let run = 0; run < runs; run += 1) times.push(await runOnce(undefined, {}));
  return median(times);
}

export async function measureColdStarts(
  pairs: readonly {
    readonly after: BuiltBundle;
    readonly before?: BuiltBundle;
    readonly environment: Readonly<Record<string, string>>;
  }[],
  runs: number,
): Promise<ColdStart[]> {
  const results: ColdStart[] = [];
  for (const { after, before, environment } of pairs) {
    const afterTimes: number[] = [];
    const beforeTimes: number[] = [];
    for (let run = 0; run < runs; run += 1) {
      afterTimes.push(await runOnce(pathToFileURL(join(after.directory, 'index.mjs')).href, environment));
      if (before) {
        beforeTimes.push(await runOnce(pathToFileURL(join(before.directory, 'index.mjs')).href, environment));
      }
    }
    results.push({
      id: after.id,
      afterMs: median(afterTimes),
      ...(before ? { beforeMs: median(beforeTimes) } : {}),
    });
  }
  return results;
}
