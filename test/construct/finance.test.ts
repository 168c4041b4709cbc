import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { METRICS, METRICS_NAMESPACE } from '../../functions/contracts/metrics';
import { BOUNCE_RATE_ALARM, COMPLAINT_RATE_ALARM, contractMetricKeys } from '../../lib/finance-dashboard';
import { logicalIdOf, renderWithPlaceholders, resourcesOfType, type Synthesized, synthesize } from './synth';

let synthesized: Synthesized;

beforeAll(() => {
  synthesized = synthesize();
});

interface Body {
  widgets: { type: string; properties: { title?: string; metrics?: unknown[][] } }[];
}

function dashboards(): Map<string, Body> {
  return new Map(
    resourcesOfType(synthesized.json, 'AWS::CloudWatch::Dashboard').map(([, resource]) => [
      String(resource.Properties?.DashboardName),
      JSON.parse(renderWithPlaceholders(resource.Properties?.DashboardBody)) as Body,
    ]),
  );
}

/** `Name{dim,dim}` of every metric of our namespace a widget reads. */
function metricsRead(body: Body): Set<string> {
  const keys = new Set<string>();
  for (const widget of body.widgets) {
    for (const row of widget.properties.metrics ?? []) {
      if (row[0] !== METRICS_NAMESPACE) continue;
      const values = row.filter((value) => typeof value === 'string') as string[];
      const dimensions = values.slice(2).filter((_, index) => index % 2 === 0);
      keys.add(`${values[1]}{${dimensions.sort().join(',')}}`);
    }
  }
  return keys;
}

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory())
      return name === 'contracts' || name === 'generated' ? [] : sources(path);
    return path.endsWith('.ts') ? [readFileSync(path, 'utf8')] : [];
  });
}

describe('Finance dashboard', () => {
  it('should deploy two dashboards: operations and finance, named after the stage', () => {
    expect([...dashboards().keys()].sort()).toEqual(['Relance-dev-finance', 'Relance-dev-operations']);
  });

  it('should give every finance widget a plain-words title and metrics', () => {
    const finance = dashboards().get('Relance-dev-finance') as Body;
    expect(finance.widgets.length).toBeGreaterThanOrEqual(8);
    for (const widget of finance.widgets) {
      expect(widget.type).toBe('metric');
      expect(widget.properties.title).toMatch(/^[A-Z]/);
      expect(widget.properties.metrics?.length).toBeGreaterThan(0);
    }
    const titles = finance.widgets.map((widget) => widget.properties.title).join('\n');
    for (const words of [
      'Money recovered',
      'Amicable rate',
      'days late',
      'DSO',
      'Still owed',
      'repl',
      'did not get through',
    ])
      expect(titles).toContain(words);
  });

  it('should read, in both dashboards, only metrics of the contract with their exact dimension sets', () => {
    const contract = contractMetricKeys();
    for (const [name, body] of dashboards()) {
      for (const key of metricsRead(body)) expect(contract, `${name} reads ${key}`).toContain(key);
    }
  });

  it('should emit every metric a widget reads somewhere in the functions', () => {
    const code = sources(join(process.cwd(), 'functions')).join('\n');
    const read = new Set(
      [...dashboards().values()].flatMap((body) => [...metricsRead(body)].map((key) => key.split('{')[0])),
    );
    expect(read.size).toBeGreaterThan(10);
    for (const name of read) {
      expect(Object.keys(METRICS)).toContain(name);
      // putMetric is typed by the contract: the dimension set of each call is the contract's.
      expect(code, `${name} is emitted`).toMatch(new RegExp(`putMetric\\(\\s*'${name}'`));
    }
  });

  it('should alarm on the SES reputation: bounce rate above 2.5 %, complaint rate above 0.05 %', () => {
    const topic = logicalIdOf(synthesized.json, 'AWS::SNS::Topic', 'DashboardAlarmTopic');
    for (const [metricName, threshold] of [
      ['Reputation.BounceRate', BOUNCE_RATE_ALARM],
      ['Reputation.ComplaintRate', COMPLAINT_RATE_ALARM],
    ] as const) {
      synthesized.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: 'AWS/SES',
        MetricName: metricName,
        Threshold: threshold,
        ComparisonOperator: 'GreaterThanThreshold',
        AlarmActions: [{ Ref: topic }],
      });
    }
    expect([BOUNCE_RATE_ALARM, COMPLAINT_RATE_ALARM]).toEqual([0.025, 0.0005]);
  });

  it('should run the finance snapshot every day through EventBridge Scheduler', () => {
    const fn = logicalIdOf(synthesized.json, 'AWS::Lambda::Function', 'FinanceSnapshotFunction');
    synthesized.template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'cron(0 5 * * ? *)',
      State: 'ENABLED',
      Target: { Arn: { 'Fn::GetAtt': [fn, 'Arn'] } },
    });
    const policies = resourcesOfType(synthesized.json, 'AWS::IAM::Policy').map(([, p]) =>
      JSON.stringify(p.Properties?.PolicyDocument),
    );
    expect(policies.some((p) => p.includes('lambda:InvokeFunction') && p.includes(`"${fn}","Arn"`))).toBe(
      true,
    );
  });
});
