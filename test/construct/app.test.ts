import { execFile } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../bin/app';
import { InvalidConfigurationError } from '../../lib/errors';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** What a fresh clone holds: tracked and new files, none of the ignored generated ones. */
async function cleanCopy(): Promise<string> {
  const { stdout } = await run('git', ['ls-files', '--cached', '--others', '--exclude-standard', '-z'], {
    cwd: ROOT,
    maxBuffer: 16 * 1024 * 1024,
  });
  const target = mkdtempSync(join(tmpdir(), 'relance-clone-'));
  for (const file of stdout.split('\0').filter(Boolean)) {
    if (!existsSync(join(ROOT, file))) continue;
    mkdirSync(dirname(join(target, file)), { recursive: true });
    cpSync(join(ROOT, file), join(target, file));
  }
  symlinkSync(join(ROOT, 'node_modules'), join(target, 'node_modules'), 'dir');
  return target;
}

/** Runs cdk.json's `app` command as the CDK CLI would (context and output directory from the environment). */
async function runCdkApp(cwd: string, context: Record<string, unknown>, outdir: string) {
  const { app } = JSON.parse(readFileSync(join(cwd, 'cdk.json'), 'utf8')) as { app: string };
  return run('sh', ['-c', app], {
    cwd,
    env: { ...process.env, CDK_OUTDIR: outdir, CDK_CONTEXT_JSON: JSON.stringify(context) },
    maxBuffer: 16 * 1024 * 1024,
  });
}

describe('CDK app', () => {
  it('should refuse to synthesize without relance:senderDomain, saying how to set it', () => {
    expect(() => createApp({ bundle: false })).toThrow(InvalidConfigurationError);
    expect(() => createApp({ bundle: false })).toThrow(/-c relance:senderDomain=/);
  });

  it('should have no default sender domain in cdk.json', () => {
    const cdkJson = JSON.parse(readFileSync(join(ROOT, 'cdk.json'), 'utf8')) as { context: object };
    expect(cdkJson.context).not.toHaveProperty('relance:senderDomain');
  });
});

// Two real runs of the app (template build, then synth): slow on a loaded machine.
const CLEAN_TREE_TIMEOUT_MS = 240_000;

describe("cdk.json's app on a fresh clone", { timeout: CLEAN_TREE_TIMEOUT_MS }, () => {
  let clone: string;

  beforeAll(async () => {
    clone = await cleanCopy();
  });

  afterAll(() => {
    if (clone) rmSync(clone, { recursive: true, force: true });
  });

  it('should build the generated sources itself, then stop with a clear message without relance:senderDomain', async () => {
    const generated = join(clone, 'functions', 'send-message', 'generated');
    expect(existsSync(generated)).toBe(false);
    const failure = await runCdkApp(clone, {}, join(clone, 'cdk.out')).then(
      () => undefined,
      (error: { code?: number; stderr?: string }) => error,
    );
    expect(failure?.code).toBe(1);
    expect(failure?.stderr).toContain('relance: Missing context relance:senderDomain');
    expect(readdirSync(generated).length).toBeGreaterThan(0);
  });

  it('should synthesize the stack with a sender domain', async () => {
    const outdir = join(clone, 'cdk.out');
    // Bundling is checked elsewhere (test/construct/bundling.test.ts); the template is what matters here.
    await runCdkApp(
      clone,
      { 'relance:senderDomain': 'atelier-dupont.fr', 'aws:cdk:bundling-stacks': [] },
      outdir,
    );
    const template = JSON.parse(readFileSync(join(outdir, 'Relance-dev.template.json'), 'utf8')) as {
      Resources: Record<string, { Type: string }>;
    };
    expect(Object.values(template.Resources).some((r) => r.Type === 'AWS::StepFunctions::StateMachine')).toBe(
      true,
    );
  });
});
