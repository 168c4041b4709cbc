import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../bin/app';
import { TEST_CONTEXT } from './synth';

/** The one construct test that bundles for real (esbuild, local, no Docker): a few seconds. */
interface BundledFunction {
  readonly id: string;
  readonly directory: string;
}

let outdir: string;
let functions: BundledFunction[];

beforeAll(() => {
  outdir = mkdtempSync(join(tmpdir(), 'relance-bundling-'));
  const { app, stack } = createApp({ context: { ...TEST_CONTEXT }, outdir });
  const template = app.synth().getStackByName(stack.stackName).template as {
    Resources: Record<string, { Type: string; Properties: { Code: { S3Key: string } } }>;
  };
  functions = Object.entries(template.Resources)
    .filter(([, resource]) => resource.Type === 'AWS::Lambda::Function')
    .map(([id, resource]) => ({
      id,
      directory: join(outdir, `asset.${resource.Properties.Code.S3Key.replace(/\.zip$/, '')}`),
    }));
  // Seven real esbuild runs: seconds alone, minutes on a machine shared with other test runs.
}, 600_000);

afterAll(() => {
  if (outdir) rmSync(outdir, { recursive: true, force: true });
});

function sourcesOf(fn: BundledFunction): string[] {
  return (JSON.parse(readFileSync(join(fn.directory, 'index.mjs.map'), 'utf8')) as { sources: string[] })
    .sources;
}

describe('Lambda bundles', () => {
  it('should bundle the seven functions', () => {
    expect(functions).toHaveLength(7);
  });

  it('should keep the ZIP and PDF libraries in the evidence function, out of the API function', () => {
    const fn = (prefix: string) => functions.find((item) => item.id.startsWith(prefix)) as BundledFunction;
    const heavy = (source: string) => /node_modules\/(fflate|pdf-lib)\//.test(source);
    expect(sourcesOf(fn('EvidenceFunction')).some(heavy)).toBe(true);
    expect(sourcesOf(fn('ApiFunction')).filter(heavy)).toEqual([]);
  });

  it('should emit one ESM bundle with a source map per function, defining require for CommonJS dependencies', () => {
    for (const fn of functions) {
      expect(existsSync(join(fn.directory, 'index.mjs')), fn.id).toBe(true);
      expect(existsSync(join(fn.directory, 'index.mjs.map')), fn.id).toBe(true);
      const code = readFileSync(join(fn.directory, 'index.mjs'), 'utf8');
      expect(
        code.startsWith("import { createRequire as __relanceCreateRequire } from 'node:module';"),
        fn.id,
      ).toBe(true);
    }
  });

  it('should keep MJML out of every bundle (templates are compiled at build time)', () => {
    for (const fn of functions) {
      const mjmlSources = sourcesOf(fn).filter((source) => /node_modules\/mjml[^/]*\//.test(source));
      expect(mjmlSources, fn.id).toEqual([]);
    }
  });

  it('should bundle each function from its own entry', () => {
    for (const fn of functions) {
      const name = fn.id.replace(/Function[0-9A-F]{8}$/, '');
      const folder = name.replace(/([a-z])([A-Z])/g, '$1-$2').toLowerCase();
      expect(
        sourcesOf(fn).some((source) => source.endsWith(`functions/${folder}/handler.ts`)),
        fn.id,
      ).toBe(true);
    }
  });
});
