import { mkdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { ESM_REQUIRE_BANNER, LAZY_MODULES_METADATA_KEY } from '../lib/base-function';
import type { CfnTemplate } from '../lib/local/cfn';
import { synthesizeTemplate } from '../lib/local/synth';
import { buildLocalModel } from '../lib/local/template';

/** A Lambda function of the synthesized stack: what to bundle and the environment it gets. */
export interface StackFunction {
  readonly id: string;
  readonly entry: string;
  /** `Environment.Variables` of its `AWS::Lambda::Function`, resolved to local names. */
  readonly environment: Readonly<Record<string, string>>;
  /** Modules bundled into their own file next to `index.mjs` (BaseFunction `lazyModules`). */
  readonly lazyModules: readonly string[];
}

/** Every function of the synthesized stack (new functions are measured without editing the bench). */
export async function stackFunctions(): Promise<StackFunction[]> {
  const { template, stackName } = await synthesizeTemplate();
  const model = buildLocalModel(template as CfnTemplate, { stackName });
  return [...model.functions.values()].map((fn) => ({
    id: fn.logicalId.replace(/[0-9A-F]{8}$/, ''),
    entry: fn.entry,
    environment: fn.environment,
    lazyModules:
      (template.Resources[fn.logicalId]?.Metadata?.[LAZY_MODULES_METADATA_KEY] as string[] | undefined) ?? [],
  }));
}

export interface BundleFile {
  readonly name: string;
  readonly bytes: number;
  readonly gzipBytes: number;
}

export interface BuiltBundle {
  readonly id: string;
  /** Directory holding `index.mjs` (+ lazy modules), each with its source map. */
  readonly directory: string;
  /** `index.mjs`, what a cold start loads. */
  readonly main: BundleFile;
  /** Loaded on first use only (e.g. the formal-notice letter and pdf-lib). */
  readonly lazy: readonly BundleFile[];
  readonly containsMjml: boolean;
  readonly containsMomentTimezone: boolean;
  readonly largestInputs: string;
}

function fileOf(path: string): BundleFile {
  const contents = readFileSync(path);
  return {
    name: basename(path),
    bytes: statSync(path).size,
    gzipBytes: gzipSync(contents, { level: 9 }).length,
  };
}

async function esbuild(root: string, entry: string, outfile: string) {
  return build({
    absWorkingDir: root,
    entryPoints: [join(root, entry)],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node24',
    mainFields: ['module', 'main'],
    banner: { js: ESM_REQUIRE_BANNER },
    minify: true,
    sourcemap: true,
    sourcesContent: false,
    legalComments: 'external',
    metafile: true,
    logLevel: 'silent',
  });
}

/**
 * Bundles one function of the tree at `root` the way BaseFunction does (esbuild, ESM, minified, node24,
 * AWS SDK included, source maps) into `outDir/<id>/`.
 */
export async function bundleFunction(root: string, fn: StackFunction, outDir: string): Promise<BuiltBundle> {
  const directory = join(outDir, fn.id);
  mkdirSync(directory, { recursive: true });
  const result = await esbuild(root, fn.entry, join(directory, 'index.mjs'));
  const lazy: BundleFile[] = [];
  for (const module of fn.lazyModules) {
    const file = join(directory, `${basename(module).replace(/\.[mc]?[jt]s$/, '')}.mjs`);
    await esbuild(root, module, file);
    lazy.push(fileOf(file));
  }
  const inputs = Object.values(result.metafile.outputs).find((output) => output.entryPoint)?.inputs ?? {};
  const byPackage = new Map<string, number>();
  for (const [file, info] of Object.entries(inputs)) {
    const name = file
      .replace(/^(?:.*\/)?node_modules\/(@[^/]+\/[^/]+|[^/]+).*/, '$1')
      .replace(/^(functions\/[^/]+).*/, '$1');
    byPackage.set(name, (byPackage.get(name) ?? 0) + info.bytesInOutput);
  }
  const largestInputs = [...byPackage.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 5)
    .map(([name, bytes]) => `${name} ${Math.round(bytes / 1024)} KiB`)
    .join(', ');
  const files = Object.keys(inputs);
  return {
    id: fn.id,
    directory,
    main: fileOf(join(directory, 'index.mjs')),
    lazy,
    containsMjml: files.some((file) => /node_modules\/mjml/.test(file)),
    containsMomentTimezone: files.some((file) => /node_modules\/moment-timezone/.test(file)),
    largestInputs,
  };
}
