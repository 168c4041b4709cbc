import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The local stand-in for CloudWatch metrics: handlers print Embedded Metric Format lines to stdout
 * (Powertools, exactly as in Lambda); the tap below takes those lines out of the output and the store
 * keeps their datapoints, stamped with the virtual time at which they were printed, in memory and —
 * with `--data-dir` — in `metrics/datapoints.jsonl`.
 */

export interface Datapoint {
  readonly namespace: string;
  readonly name: string;
  readonly dimensions: Readonly<Record<string, string>>;
  readonly value: number;
  /** Virtual time, epoch milliseconds. */
  readonly at: number;
}

interface EmfDirective {
  readonly Namespace: string;
  readonly Dimensions: readonly (readonly string[])[];
  readonly Metrics: readonly { readonly Name: string }[];
}

/** The datapoints of one EMF document (one per metric, dimension set and value). */
export function datapointsOf(document: Record<string, unknown>, at: number): Datapoint[] {
  const aws = document._aws as { CloudWatchMetrics?: EmfDirective[] } | undefined;
  const points: Datapoint[] = [];
  for (const directive of aws?.CloudWatchMetrics ?? []) {
    for (const dimensionSet of directive.Dimensions ?? [[]]) {
      const dimensions = Object.fromEntries(dimensionSet.map((key) => [key, String(document[key])]));
      for (const { Name } of directive.Metrics ?? []) {
        const raw = document[Name];
        for (const value of Array.isArray(raw) ? raw : [raw]) {
          if (typeof value === 'number' && Number.isFinite(value))
            points.push({ namespace: directive.Namespace, name: Name, dimensions, value, at });
        }
      }
    }
  }
  return points;
}

type EmfListener = (document: Record<string, unknown>) => void;
const listeners = new Set<EmfListener>();
let originalWrite: typeof process.stdout.write | undefined;

function emfDocuments(text: string): Record<string, unknown>[] | undefined {
  if (!text.includes('"_aws"')) return undefined;
  const documents: Record<string, unknown>[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    try {
      const parsed = JSON.parse(line) as Record<string, unknown>;
      if (typeof parsed !== 'object' || parsed === null || !('_aws' in parsed)) return undefined;
      documents.push(parsed);
    } catch {
      return undefined;
    }
  }
  return documents;
}

/**
 * Receives every EMF line printed to stdout in this process (and keeps it off the terminal) until the
 * returned function is called. One tap per process, shared by the local services running in it.
 */
export function tapEmf(listener: EmfListener): () => void {
  if (!originalWrite) {
    const write = process.stdout.write.bind(process.stdout);
    originalWrite = process.stdout.write;
    process.stdout.write = ((chunk: unknown, ...rest: unknown[]) => {
      const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8');
      const documents = listeners.size > 0 ? emfDocuments(text) : undefined;
      if (!documents) return (write as (...args: unknown[]) => boolean)(chunk, ...rest);
      for (const document of documents) for (const receive of listeners) receive(document);
      const callback = rest.find((item) => typeof item === 'function') as (() => void) | undefined;
      callback?.();
      return true;
    }) as typeof process.stdout.write;
  }
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && originalWrite) {
      process.stdout.write = originalWrite;
      originalWrite = undefined;
    }
  };
}

export type Statistic = 'Sum' | 'Average' | 'Maximum' | 'Minimum' | 'SampleCount';

export interface MetricQuery {
  readonly namespace: string;
  readonly name: string;
  readonly dimensions: Readonly<Record<string, string>>;
  readonly statistic: string;
  /** Seconds. */
  readonly period: number;
  readonly startMs: number;
  readonly endMs: number;
}

/** One aggregated value per period that has datapoints, like GetMetricData (periods aligned on the epoch). */
export interface SeriesPoint {
  readonly t: number;
  readonly v: number;
}

function aggregate(values: readonly number[], statistic: string): number {
  switch (statistic) {
    case 'Average':
      return values.reduce((sum, v) => sum + v, 0) / values.length;
    case 'Maximum':
      return Math.max(...values);
    case 'Minimum':
      return Math.min(...values);
    case 'SampleCount':
      return values.length;
    default: {
      const percentile = /^p(\d+(?:\.\d+)?)$/.exec(statistic);
      if (percentile) {
        const sorted = [...values].sort((a, b) => a - b);
        const rank = Math.ceil((Number(percentile[1]) / 100) * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank))] as number;
      }
      return values.reduce((sum, v) => sum + v, 0);
    }
  }
}

function sameDimensions(a: Readonly<Record<string, string>>, b: Readonly<Record<string, string>>): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((key) => a[key] === b[key]);
}

export class LocalMetricStore {
  readonly #points: Datapoint[] = [];
  readonly #file: string | undefined;

  constructor(dataDir?: string) {
    if (dataDir) {
      mkdirSync(join(dataDir, 'metrics'), { recursive: true });
      this.#file = join(dataDir, 'metrics', 'datapoints.jsonl');
      if (existsSync(this.#file)) {
        for (const line of readFileSync(this.#file, 'utf8').split('\n')) {
          if (line.trim() !== '') this.#points.push(JSON.parse(line) as Datapoint);
        }
      }
    }
  }

  get size(): number {
    return this.#points.length;
  }

  /** Keeps the datapoints of one EMF document, at virtual time `at`. */
  record(document: Record<string, unknown>, at: number): void {
    const points = datapointsOf(document, at);
    this.#points.push(...points);
    if (this.#file && points.length > 0)
      appendFileSync(this.#file, points.map((point) => `${JSON.stringify(point)}\n`).join(''));
  }

  /** Every metric seen, as `{namespace, name, dimensions}` (the same stream once). */
  streams(): { namespace: string; name: string; dimensions: Readonly<Record<string, string>> }[] {
    const seen = new Map<
      string,
      { namespace: string; name: string; dimensions: Readonly<Record<string, string>> }
    >();
    for (const { namespace, name, dimensions } of this.#points) {
      const key = JSON.stringify([namespace, name, Object.entries(dimensions).sort()]);
      if (!seen.has(key)) seen.set(key, { namespace, name, dimensions });
    }
    return [...seen.values()];
  }

  query(query: MetricQuery): SeriesPoint[] {
    const periodMs = query.period * 1000;
    const groups = new Map<number, number[]>();
    for (const point of this.#points) {
      if (point.at < query.startMs || point.at > query.endMs) continue;
      if (point.namespace !== query.namespace || point.name !== query.name) continue;
      if (!sameDimensions(point.dimensions, query.dimensions)) continue;
      // A period as long as the range (a single-value widget over the time range) is one aggregate.
      const bucket =
        periodMs >= query.endMs - query.startMs ? query.startMs : Math.floor(point.at / periodMs) * periodMs;
      const values = groups.get(bucket) ?? [];
      values.push(point.value);
      groups.set(bucket, values);
    }
    return [...groups]
      .sort(([a], [b]) => a - b)
      .map(([t, values]) => ({ t, v: aggregate(values, query.statistic) }));
  }
}
