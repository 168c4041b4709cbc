import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { METRICS, type MetricDimensions, type MetricName } from '../contracts/metrics';
import { metrics } from './logger';

/**
 * Emits one metric of the contract (functions/contracts/metrics.ts) as its own EMF line, with exactly
 * its dimension set (plus Powertools' `service`): metrics with different dimension sets never share a
 * line, so each lands in the stream the dashboards read.
 */
export function putMetric<N extends MetricName>(
  name: N,
  dimensions: MetricDimensions<N>,
  value: number,
  unit: (typeof MetricUnit)[keyof typeof MetricUnit] = MetricUnit.Count,
): void {
  for (const key of METRICS[name].dimensions) {
    metrics.addDimension(key, (dimensions as Record<string, string>)[key] as string);
  }
  metrics.addMetric(name, unit, value);
  metrics.publishStoredMetrics();
}
