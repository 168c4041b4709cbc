import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../bin/app';
import { REFERENCE_ASSETS } from '../../functions/api/reference';
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
  // esbuild bundles nine functions one after the other: seconds alone, minutes on two busy cores.
}, 600_000);

afterAll(() => {
  if (outdir) rmSync(outdir, { recursive: true, force: true });
});

/** 1 MB = 1 000 000 bytes: a minified file of a function, AWS SDK included. */
const MAX_BUNDLE_BYTES = 1_000_000;

function sourcesOf(fn: BundledFunction, file = 'index.mjs'): string[] {
  return (JSON.parse(readFileSync(join(fn.directory, `${file}.map`), 'utf8')) as { sources: string[] })
    .sources;
}

/** `index.mjs` and the lazy modules next to it. */
function codeFilesOf(fn: BundledFunction): string[] {
  return readdirSync(fn.directory).filter((file) => file.endsWith('.mjs'));
}

describe('Lambda bundles', () => {
  it('should bundle every function of the synthesized stack', () => {
    // Every AWS::Lambda::Function of the template is checked below, including functions added later.
    expect(functions.length).toBeGreaterThanOrEqual(7);
  });

  it('should keep the ZIP and PDF libraries in the evidence function, out of the API function', () => {
    const fn = (prefix: string) => functions.find((item) => item.id.startsWith(prefix)) as BundledFunction;
    const heavy = (source: string) => /node_modules\/(fflate|pdf-lib)\//.test(source);
    const all = (item: BundledFunction) => codeFilesOf(item).flatMap((file) => sourcesOf(item, file));
    expect(all(fn('EvidenceFunction')).some(heavy)).toBe(true);
    // The API function loads pdf-lib only in its lazy Factur-X reader, never at a cold start; no ZIP code.
    expect(sourcesOf(fn('ApiFunction'), 'index.mjs').filter(heavy)).toEqual([]);
    expect(all(fn('ApiFunction')).filter((source) => source.includes('node_modules/fflate/'))).toEqual([]);
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

  it('should keep every minified file of every function under 1 MB, AWS SDK included', () => {
    for (const fn of functions) {
      for (const file of codeFilesOf(fn)) {
        expect(statSync(join(fn.directory, file)).size, `${fn.id}/${file}`).toBeLessThan(MAX_BUNDLE_BYTES);
      }
    }
  });

  it('should load ASCII-only code at a cold start (licence comments go to index.mjs.LEGAL.txt)', () => {
    for (const fn of functions) {
      const bytes = readFileSync(join(fn.directory, 'index.mjs'));
      // One non-ASCII byte makes V8 decode and scan the whole file as two-byte text at a cold start.
      expect(
        bytes.findIndex((byte) => byte > 0x7f),
        fn.id,
      ).toBe(-1);
    }
  });

  it('should keep MJML out of every bundle (templates are compiled at build time)', () => {
    for (const fn of functions) {
      for (const file of codeFilesOf(fn)) {
        const mjmlSources = sourcesOf(fn, file).filter((source) => /node_modules\/mjml[^/]*\//.test(source));
        expect(mjmlSources, `${fn.id}/${file}`).toEqual([]);
      }
    }
  });

  it('should keep date-holidays, moment-timezone and astronomia out of every bundle (holidays are computed at build time)', () => {
    for (const fn of functions) {
      for (const file of codeFilesOf(fn)) {
        const heavy = sourcesOf(fn, file).filter((source) =>
          /node_modules\/(date-holidays[^/]*|moment[^/]*|astronomia)\//.test(source),
        );
        expect(heavy, `${fn.id}/${file}`).toEqual([]);
      }
    }
  });

  it('should load the formal-notice letter and pdf-lib only when a formal notice is sent', () => {
    const send = functions.find((fn) => fn.id.startsWith('SendMessageFunction'));
    if (!send) throw new Error('no SendMessageFunction');
    expect(codeFilesOf(send).sort()).toEqual([
      'consolidated.mjs',
      'contact-day.mjs',
      'index.mjs',
      'letter.mjs',
      'maileva-provider.mjs',
      'seller-alert-view.mjs',
    ]);
    expect(sourcesOf(send).filter((source) => source.includes('node_modules/pdf-lib/'))).toEqual([]);
    expect(sourcesOf(send, 'letter.mjs').some((source) => source.includes('node_modules/pdf-lib/'))).toBe(
      true,
    );
  });

  it('should load the Factur-X reader (pdf-lib, fast-xml-parser) only when a posted PDF carries Factur-X data', () => {
    const api = functions.find((fn) => fn.id.startsWith('ApiFunction'));
    if (!api) throw new Error('no ApiFunction');
    expect(codeFilesOf(api).sort()).toEqual([
      'api-key-gateway.mjs',
      'cursor-secrets.mjs',
      'documents-s3.mjs',
      'facturx-reader.mjs',
      'index.mjs',
      'openapi.mjs',
      'seller-alert-view.mjs',
      'ses-mailer.mjs',
      'upload-signer.mjs',
    ]);
    const heavy = (source: string) => /node_modules\/(pdf-lib|fast-xml-parser)\//.test(source);
    expect(sourcesOf(api).filter(heavy)).toEqual([]);
    expect(sourcesOf(api, 'facturx-reader.mjs').filter(heavy).length).toBeGreaterThan(0);
  });

  it('should load the presigner, the Secrets Manager and API Gateway clients only when needed, and ship the reference page files', () => {
    const api = functions.find((fn) => fn.id.startsWith('ApiFunction'));
    if (!api) throw new Error('no ApiFunction');
    const presigner = (source: string) => source.includes('node_modules/@aws-sdk/s3-request-presigner/');
    const secrets = (source: string) => source.includes('node_modules/@aws-sdk/client-secrets-manager/');
    const gateway = (source: string) => source.includes('node_modules/@aws-sdk/client-api-gateway/');
    expect(
      sourcesOf(api).filter((source) => presigner(source) || secrets(source) || gateway(source)),
    ).toEqual([]);
    expect(sourcesOf(api, 'upload-signer.mjs').some(presigner)).toBe(true);
    expect(sourcesOf(api, 'cursor-secrets.mjs').some(secrets)).toBe(true);
    expect(sourcesOf(api, 'api-key-gateway.mjs').some(gateway)).toBe(true);
    for (const file of REFERENCE_ASSETS) expect(existsSync(join(api.directory, file)), file).toBe(true);
  });

  it('should load the S3 and SES clients only with the first request that needs them (API, SES events, limitation alerts)', () => {
    const s3 = (source: string) => source.includes('node_modules/@aws-sdk/client-s3/');
    const ses = (source: string) => source.includes('node_modules/@aws-sdk/client-sesv2/');
    const api = functions.find((fn) => fn.id.startsWith('ApiFunction'));
    if (!api) throw new Error('no ApiFunction');
    expect(sourcesOf(api).filter((source) => s3(source) || ses(source))).toEqual([]);
    expect(sourcesOf(api, 'documents-s3.mjs').some(s3)).toBe(true);
    expect(sourcesOf(api, 'ses-mailer.mjs').some(ses)).toBe(true);
    // The OpenAPI document's builder and response schemas load with the first GET /openapi.json.
    const documentOnly = (source: string) =>
      source.endsWith('functions/api/openapi.ts') || source.endsWith('functions/api/contract/components.ts');
    expect(sourcesOf(api).filter(documentOnly)).toEqual([]);
    expect(sourcesOf(api, 'openapi.mjs').filter(documentOnly)).toHaveLength(2);
    for (const prefix of ['SesEventsFunction', 'LimitationAlertsFunction']) {
      const fn = functions.find((candidate) => candidate.id.startsWith(prefix));
      if (!fn) throw new Error(`no ${prefix}`);
      expect(sourcesOf(fn).filter(ses), prefix).toEqual([]);
      expect(sourcesOf(fn, 'ses-mailer.mjs').some(ses), prefix).toBe(true);
    }
  });

  it("should load the seller alerts' templates only when an alert is sent (API and SES-events functions)", () => {
    for (const prefix of ['ApiFunction', 'SesEventsFunction']) {
      const fn = functions.find((candidate) => candidate.id.startsWith(prefix));
      if (!fn) throw new Error(`no ${prefix}`);
      const templates = (source: string) => source.endsWith('send-message/generated/templates.ts');
      expect(sourcesOf(fn).filter(templates), prefix).toEqual([]);
      expect(sourcesOf(fn, 'seller-alert-view.mjs').filter(templates), prefix).toHaveLength(1);
    }
  });

  it('should bundle only the AWS clients a function imports (never the all-clients module of tests)', () => {
    for (const fn of functions) {
      const allClients = sourcesOf(fn).filter((source) => source.endsWith('functions/shared/aws-clients.ts'));
      expect(allClients, `${fn.id}: import functions/shared/aws/<client> instead`).toEqual([]);
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
