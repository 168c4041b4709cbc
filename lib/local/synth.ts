import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CfnTemplate } from './cfn';

/** The stack's template for the local twin: synthesized in-process from the CDK app, cached by its inputs. */

/** What `bin/app.ts` exports (owned by the CDK stack; declared here so this module does not import it statically). */
interface AppModule {
  createApp(options: { bundle?: boolean; context?: Record<string, unknown> }): {
    app: { synth(): { getStackArtifact(id: string): { template: unknown } } };
    stack: { artifactId: string; stackName: string };
  };
}

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** What the synthesized template depends on; `lib/local` is the runner itself, not the stack. */
const SYNTH_INPUTS = [
  'bin',
  'lib',
  'functions',
  'templates',
  'cdk.json',
  'package.json',
  'package-lock.json',
];

function listFiles(path: string): string[] {
  if (!existsSync(path)) return [];
  if (!statSync(path).isDirectory()) return [path];
  if (path.endsWith(`${sep}local`) && path.includes(`${sep}lib${sep}`)) return [];
  return readdirSync(path)
    .sort()
    .flatMap((name) => (name === 'node_modules' ? [] : listFiles(join(path, name))));
}

/** A hash of every file the synth reads from the project, and of the context. */
function synthInputsHash(context: Record<string, unknown>): string {
  const hash = createHash('sha256').update(JSON.stringify(context));
  for (const file of SYNTH_INPUTS.flatMap((input) => listFiles(join(REPO_ROOT, input)))) {
    hash.update(relative(REPO_ROOT, file)).update(readFileSync(file));
  }
  return hash.digest('hex').slice(0, 32);
}

/**
 * Local mode sends to the SES emulator, so any sender domain works; deployments must choose theirs
 * (cdk.json has no default on purpose).
 */
const LOCAL_SENDER_DOMAIN = 'example.com';

/** The project's own context keys from cdk.json (what `cdk synth` would read), then `context`. */
function projectContext(context: Record<string, unknown>): Record<string, unknown> {
  const cdkJson = JSON.parse(readFileSync(join(REPO_ROOT, 'cdk.json'), 'utf8')) as {
    context?: Record<string, unknown>;
  };
  const own = Object.entries(cdkJson.context ?? {}).filter(([key]) => key.startsWith('relance:'));
  return { 'relance:senderDomain': LOCAL_SENDER_DOMAIN, ...Object.fromEntries(own), ...context };
}

/**
 * Synthesizes the CDK app in-process without bundling (the local runner runs handlers from source),
 * and returns the stack's template. CloudFormation validation is skipped (the construct tests run
 * it). The result is cached under node_modules/.cache, keyed by a hash of bin/, lib/, functions/,
 * templates/, the package files and the context: a synth costs seconds, reading the cache milliseconds.
 */
export async function synthesizeTemplate(
  context: Record<string, unknown> = {},
  options: { cache?: boolean } = {},
): Promise<{ template: CfnTemplate; stackName: string }> {
  const fullContext = projectContext(context);
  const useCache = options.cache ?? process.env.RELANCE_LOCAL_NO_CACHE !== '1';
  const cacheFile = join(
    REPO_ROOT,
    'node_modules',
    '.cache',
    'relance-local',
    `template-${synthInputsHash(fullContext)}.json`,
  );
  if (useCache && existsSync(cacheFile)) {
    try {
      return JSON.parse(readFileSync(cacheFile, 'utf8')) as { template: CfnTemplate; stackName: string };
    } catch {
      // Pruned by a concurrent start with newer sources: synthesize.
    }
  }
  const previousValidation = process.env.CDK_VALIDATION;
  process.env.CDK_VALIDATION = 'false';
  try {
    const appModuleUrl = new URL('../../bin/app.ts', import.meta.url).href;
    const { createApp } = (await import(appModuleUrl)) as AppModule;
    const { app, stack } = createApp({ bundle: false, context: fullContext });
    const template = app.synth().getStackArtifact(stack.artifactId).template as CfnTemplate;
    const result = { template, stackName: stack.stackName };
    if (useCache) {
      mkdirSync(dirname(cacheFile), { recursive: true });
      // Written then renamed: test files synthesizing in parallel never read half a file.
      const temporary = `${cacheFile}.${process.pid}.tmp`;
      writeFileSync(temporary, JSON.stringify(result));
      renameSync(temporary, cacheFile);
      // Templates of older sources are never read again.
      for (const name of readdirSync(dirname(cacheFile))) {
        const path = join(dirname(cacheFile), name);
        if (/^template-[0-9a-f]+\.json$/.test(name) && path !== cacheFile) rmSync(path, { force: true });
      }
    }
    return result;
  } finally {
    if (previousValidation === undefined) delete process.env.CDK_VALIDATION;
    else process.env.CDK_VALIDATION = previousValidation;
  }
}
