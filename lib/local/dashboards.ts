import { Duration } from 'luxon';
import type { CfnTemplate, TokenResolver } from './cfn';
import type { LocalMetricStore, SeriesPoint } from './metrics';

/**
 * The template's CloudWatch dashboards, evaluated against the local metric store: the synthesized
 * `DashboardBody` is the only definition (same widgets, titles, metrics, statistics, periods, math
 * expressions), read here and drawn by `dashboard-page.ts`. Metrics of AWS namespaces (Lambda, Step
 * Functions, API Gateway, SES) are not produced locally and say so.
 */

export interface LocalDashboard {
  readonly name: string;
  readonly logicalId: string;
  readonly body: DashboardBody;
}

interface DashboardBody {
  readonly start?: string;
  readonly end?: string;
  readonly widgets: readonly RawWidget[];
}

interface RawWidget {
  readonly type: string;
  readonly x?: number;
  readonly y?: number;
  readonly width?: number;
  readonly height?: number;
  readonly properties: Record<string, unknown>;
}

export interface SeriesData {
  readonly label: string;
  readonly axis: 'left' | 'right';
  readonly points: readonly SeriesPoint[];
  /** False for a metric of an AWS namespace: CloudWatch has it, the local twin does not. */
  readonly collectedLocally: boolean;
}

export interface WidgetData {
  readonly type: string;
  readonly title: string;
  readonly view?: string;
  readonly stacked?: boolean;
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  readonly series: readonly SeriesData[];
  readonly yAxis?: unknown;
  readonly text?: string;
  readonly alarms?: readonly string[];
}

/** The dashboards of a template, by name (`DashboardName`, else the logical id). */
export function dashboardsOf(template: CfnTemplate, resolver: TokenResolver): LocalDashboard[] {
  return Object.entries(template.Resources)
    .filter(([, resource]) => resource.Type === 'AWS::CloudWatch::Dashboard')
    .map(([logicalId, resource]) => {
      const properties = resource.Properties ?? {};
      const name =
        properties.DashboardName === undefined
          ? logicalId
          : resolver.resolveString(properties.DashboardName, `${logicalId}.DashboardName`);
      const body = JSON.parse(resolver.resolveString(properties.DashboardBody, `${logicalId}.DashboardBody`));
      return { name, logicalId, body: body as DashboardBody };
    });
}

type MetricRow = readonly unknown[];

interface ParsedRow {
  readonly id?: string;
  readonly label?: string;
  readonly visible: boolean;
  readonly axis: 'left' | 'right';
  readonly stat?: string;
  readonly period?: number;
  readonly expression?: string;
  readonly metric?: { namespace: string; name: string; dimensions: Record<string, string> };
}

/** A metrics row: `[namespace, name, dimName, dimValue, …, {options}]` or `[{expression, …}]`; `.` repeats the previous row. */
function parseRows(rows: readonly MetricRow[]): ParsedRow[] {
  let previous: unknown[] = [];
  return rows.map((row) => {
    const last = row.at(-1);
    const options = (typeof last === 'object' && last !== null ? last : {}) as Record<string, unknown>;
    const values = (options === last ? row.slice(0, -1) : [...row]).map((value, index) =>
      value === '.' ? previous[index] : value,
    );
    previous = values;
    const common = {
      id: options.id as string | undefined,
      label: options.label as string | undefined,
      visible: options.visible !== false,
      axis: (options.yAxis === 'right' ? 'right' : 'left') as 'left' | 'right',
      stat: options.stat as string | undefined,
      period: options.period as number | undefined,
    };
    if (typeof options.expression === 'string') return { ...common, expression: options.expression };
    const [namespace, name, ...pairs] = values as string[];
    const dimensions: Record<string, string> = {};
    for (let index = 0; index + 1 < pairs.length; index += 2)
      dimensions[pairs[index] as string] = pairs[index + 1] as string;
    return { ...common, metric: { namespace: namespace as string, name: name as string, dimensions } };
  });
}

export class ExpressionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ExpressionError';
  }
}

/** Compiles a metric-math expression of ids, numbers, + - * / ( ) and FILL(x, n) into a function. */
function compileExpression(expression: string): (values: Record<string, number | undefined>) => number {
  const tokens = expression.match(/\s+|FILL|[A-Za-z_][A-Za-z0-9_]*|\d+(?:\.\d+)?|[-+*/(),]/g) ?? [];
  if (tokens.join('') !== expression) throw new ExpressionError(`Unsupported metric math: ${expression}`);
  const source = tokens
    .map((token) => {
      if (token === 'FILL') return 'fill';
      if (/^[A-Za-z_]/.test(token)) return `v[${JSON.stringify(token)}]`;
      return token;
    })
    .join('');
  const fn = new Function('v', 'fill', `return (${source});`) as (
    v: Record<string, number | undefined>,
    fill: (x: number | undefined, y: number) => number,
  ) => number | undefined;
  return (values) => {
    const result = fn(values, (x, y) => (x === undefined ? y : x));
    return typeof result === 'number' ? result : Number.NaN;
  };
}

/** `-P90D` (relative to now) or an ISO instant → epoch ms. */
function instantOf(value: string | undefined, nowMs: number, fallback: number): number {
  if (value === undefined) return fallback;
  if (value.startsWith('-P')) return nowMs - Duration.fromISO(value.slice(1)).toMillis();
  const parsed = Date.parse(value);
  return Number.isNaN(parsed) ? fallback : parsed;
}

function evaluateWidget(
  widget: RawWidget,
  store: LocalMetricStore,
  range: { startMs: number; endMs: number },
): SeriesData[] {
  const properties = widget.properties;
  const rows = parseRows((properties.metrics as MetricRow[] | undefined) ?? []);
  const wholeRange = properties.setPeriodToTimeRange === true;
  const periodOf = (row: ParsedRow) =>
    wholeRange
      ? Math.ceil((range.endMs - range.startMs) / 1000)
      : (row.period ?? (properties.period as number | undefined) ?? 300);
  const byId = new Map<string, SeriesPoint[]>();
  const series: SeriesData[] = [];
  rows.forEach((row, index) => {
    if (!row.metric) return;
    const collectedLocally = !row.metric.namespace.startsWith('AWS/');
    const points = store.query({
      ...row.metric,
      statistic: row.stat ?? (properties.stat as string | undefined) ?? 'Average',
      period: periodOf(row),
      ...range,
    });
    byId.set(row.id ?? `m${index}`, points);
    if (row.visible)
      series.push({ label: row.label ?? row.metric.name, axis: row.axis, points, collectedLocally });
  });
  for (const row of rows) {
    if (!row.expression) continue;
    const compute = compileExpression(row.expression);
    const times = new Set<number>();
    for (const points of byId.values()) for (const point of points) times.add(point.t);
    const points: SeriesPoint[] = [];
    for (const t of [...times].sort((a, b) => a - b)) {
      const values: Record<string, number | undefined> = {};
      for (const [id, metricPoints] of byId) values[id] = metricPoints.find((point) => point.t === t)?.v;
      const v = compute(values);
      if (Number.isFinite(v)) points.push({ t, v });
    }
    if (row.id) byId.set(row.id, points);
    if (row.visible)
      series.push({ label: row.label ?? row.expression, axis: row.axis, points, collectedLocally: true });
  }
  return series;
}

/** Every widget of a dashboard with its data, over the dashboard's default range ending at `nowMs`. */
export function evaluateDashboard(
  dashboard: LocalDashboard,
  store: LocalMetricStore,
  nowMs: number,
): { name: string; startMs: number; endMs: number; widgets: WidgetData[] } {
  const endMs = instantOf(dashboard.body.end, nowMs, nowMs);
  const startMs = instantOf(dashboard.body.start, nowMs, nowMs - 3 * 3_600_000);
  const widgets = dashboard.body.widgets.map((widget): WidgetData => {
    const properties = widget.properties;
    const base = {
      type: widget.type,
      title: String(properties.title ?? ''),
      x: widget.x ?? 0,
      y: widget.y ?? 0,
      width: widget.width ?? 6,
      height: widget.height ?? 6,
    };
    if (widget.type === 'metric') {
      return {
        ...base,
        view: (properties.view as string | undefined) ?? 'timeSeries',
        stacked: properties.stacked === true,
        yAxis: properties.yAxis,
        series: evaluateWidget(widget, store, { startMs, endMs }),
      };
    }
    if (widget.type === 'alarm')
      return { ...base, series: [], alarms: ((properties.alarms as string[] | undefined) ?? []).map(String) };
    return { ...base, series: [], text: String(properties.markdown ?? '') };
  });
  return { name: dashboard.name, startMs, endMs, widgets };
}
