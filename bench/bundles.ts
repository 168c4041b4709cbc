import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

export interface BundleSize {
  readonly entry: string;
  readonly minifiedBytes: number;
  readonly gzipBytes: number;
  readonly containsMjml: boolean;
  readonly largestInputs: string;
}

export const FUNCTION_ENTRIES = [
  'functions/plan-schedule/handler.ts',
  'functions/send-message/handler.ts',
  'functions/record-failure/handler.ts',
  'functions/api/handler.ts',
  'functions/webhooks/handler.ts',
  'functions/ses-events/handler.ts',
] as const;

/**
 * Bundles every Lambda entry the way BaseFunction does (esbuild, ESM, minified, node24, AWS SDK
 * included) and reports the minified and gzip sizes (the deployment zip is close to the gzip size).
 */
export async function measureBundles(): Promise<BundleSize[]> {
  const sizes: BundleSize[] = [];
  for (const entry of FUNCTION_ENTRIES) {
    const result = await build({
      entryPoints: [entry],
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node22',
      minify: true,
      write: false,
      metafile: true,
      logLevel: 'silent',
      outfile: 'out.mjs',
    });
    const output = result.outputFiles[0];
    if (!output) throw new Error(`No output for ${entry}`);
    const inputs = Object.values(result.metafile.outputs)[0]?.inputs ?? {};
    const byPackage = new Map<string, number>();
    for (const [file, info] of Object.entries(inputs)) {
      const name = file
        .replace(/^node_modules\/(@[^/]+\/[^/]+|[^/]+).*/, '$1')
        .replace(/^(functions\/[^/]+).*/, '$1');
      byPackage.set(name, (byPackage.get(name) ?? 0) + info.bytesInOutput);
    }
    const largestInputs = [...byPackage.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 5)
      .map(([name, bytes]) => `${name} ${Math.round(bytes / 1024)} KiB`)
      .join(', ');
    sizes.push({
      entry,
      minifiedBytes: output.contents.length,
      gzipBytes: gzipSync(output.contents, { level: 9 }).length,
      containsMjml: Object.keys(inputs).some((file) => file.includes('node_modules/mjml')),
      largestInputs,
    });
  }
  return sizes;
}
