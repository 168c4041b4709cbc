import { describe, expect, it } from 'vitest';
import { evaluateDashboard, type LocalDashboard } from '../../lib/local/dashboards';
import { datapointsOf, LocalMetricStore } from '../../lib/local/metrics';

const DAY = 86_400_000;
const at = (iso: string) => Date.parse(iso);

function emf(name: string, dimensions: Record<string, string>, value: number) {
  return {
    _aws: {
      Timestamp: 0,
      CloudWatchMetrics: [
        {
          Namespace: 'Relance',
          Dimensions: [['service', ...Object.keys(dimensions)]],
          Metrics: [{ Name: name, Unit: 'Count' }],
        },
      ],
    },
    service: 'relance',
    ...dimensions,
    [name]: value,
  };
}

describe('datapointsOf', () => {
  it('should read one datapoint per metric and value of an EMF document, with its dimension set', () => {
    expect(datapointsOf(emf('MessagesSent', { step: 'first_reminder' }, 1), 5)).toEqual([
      {
        namespace: 'Relance',
        name: 'MessagesSent',
        dimensions: { service: 'relance', step: 'first_reminder' },
        value: 1,
        at: 5,
      },
    ]);
  });
});

describe('evaluateDashboard', () => {
  const store = new LocalMetricStore();
  store.record(emf('AmicableSettlements', {}, 1), at('2026-12-02T10:00:00Z'));
  store.record(emf('MessagesSent', { step: 'formal_notice' }, 1), at('2026-12-21T08:00:00Z'));
  store.record(emf('MessagesSent', { step: 'formal_notice' }, 1), at('2026-12-21T08:00:00Z'));
  store.record(
    emf('AmountRecovered', { currency: 'EUR', step: 'first_reminder' }, 2000),
    at('2026-12-02T10:00:00Z'),
  );
  store.record(
    emf('AmountRecovered', { currency: 'EUR', step: 'first_reminder' }, 500),
    at('2026-12-20T10:00:00Z'),
  );
  const dashboard: LocalDashboard = {
    name: 'Relance-dev-finance',
    logicalId: 'X',
    body: {
      start: '-P90D',
      widgets: [
        {
          type: 'metric',
          width: 24,
          height: 4,
          properties: {
            view: 'singleValue',
            title: 'Recovered',
            setPeriodToTimeRange: true,
            metrics: [
              [
                'Relance',
                'AmountRecovered',
                'currency',
                'EUR',
                'service',
                'relance',
                'step',
                'first_reminder',
                { label: 'after the 1st reminder', stat: 'Sum', period: 86400 },
              ],
            ],
          },
        },
        {
          type: 'metric',
          properties: {
            title: 'Amicable rate',
            metrics: [
              [{ expression: '100 * FILL(a, 0) / (FILL(a, 0) + FILL(n, 0))', label: 'rate', id: 'expr1' }],
              [
                'Relance',
                'AmicableSettlements',
                'service',
                'relance',
                { stat: 'Sum', period: 31 * 86400, visible: false, id: 'a' },
              ],
              [
                'Relance',
                'MessagesSent',
                'service',
                'relance',
                'step',
                'formal_notice',
                { stat: 'Sum', period: 31 * 86400, visible: false, id: 'n' },
              ],
            ],
          },
        },
      ],
    },
  };

  it('should sum a single value over the whole range and evaluate metric math per period, FILL included', () => {
    const result = evaluateDashboard(dashboard, store, at('2026-12-31T12:00:00Z'));
    expect(result.startMs).toBe(at('2026-12-31T12:00:00Z') - 90 * DAY);
    expect(result.widgets[0]?.series).toEqual([
      {
        label: 'after the 1st reminder',
        axis: 'left',
        collectedLocally: true,
        points: [{ t: result.startMs, v: 2500 }],
      },
    ]);
    const rate = result.widgets[1]?.series ?? [];
    expect(rate).toHaveLength(1);
    // 31-day periods from the epoch: 2026-11-13 holds the amicable payment, 2026-12-14 the two notices.
    expect(rate[0]?.points).toEqual([
      { t: at('2026-11-13T00:00:00Z'), v: 100 },
      { t: at('2026-12-14T00:00:00Z'), v: 0 },
    ]);
  });
});
