/**
 * The code before issue #15 ("lean and fast"), exported from git next to the working tree so that every
 * before/after pair of BENCHMARKS.md is measured in the same run, on the same machine load.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));

/** The last commit of main before the lean-and-fast work (override with `BENCH_BASELINE_REF`). */
export const BASELINE_REF = process.env.BENCH_BASELINE_REF ?? '77ad971';

export interface Baseline {
  readonly ref: string;
  /** A copy of the repository at `ref`, sharing this checkout's node_modules. */
  readonly root: string;
  remove(): void;
}

/** Exports `ref` into a temporary directory and builds its generated sources (templates). */
export function prepareBaseline(ref = BASELINE_REF): Baseline {
  const root = mkdtempSync(join(tmpdir(), 'relance-baseline-'));
  const archive = execFileSync('git', ['-C', REPO_ROOT, 'archive', '--format=tar', ref], {
    maxBuffer: 256 * 2 ** 20,
  });
  execFileSync('tar', ['-x', '-C', root], { input: archive });
  symlinkSync(join(REPO_ROOT, 'node_modules'), join(root, 'node_modules'), 'dir');
  const tsx = join(REPO_ROOT, 'node_modules', '.bin', 'tsx');
  for (const script of ['scripts/build-templates.ts', 'scripts/build-holidays.ts']) {
    if (existsSync(join(root, script))) execFileSync(tsx, [script], { cwd: root, stdio: 'ignore' });
  }
  mkdirSync(join(root, '.bench'), { recursive: true });
  return { ref, root, remove: () => rmSync(root, { recursive: true, force: true }) };
}
