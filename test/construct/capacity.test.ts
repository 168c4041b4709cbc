import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../bin/app';
import {
  DEFAULT_OPEN_EXECUTION_QUOTA,
  OPEN_EXECUTION_ALARM_RATIO,
  PENDING_START_HOUR,
} from '../../lib/capacity';
import { InvalidConfigurationError } from '../../lib/errors';
import { logicalIdOf, resourcesOfType, type Synthesized, synthesize, TEST_CONTEXT } from './synth';

describe('Capacity', () => {
  let synthesized: Synthesized;

  beforeAll(() => {
    synthesized = synthesize();
  });

  it('should alarm at 80 % of the default open-execution quota, on the account-level metric', () => {
    const topic = logicalIdOf(synthesized.json, 'AWS::SNS::Topic', 'DashboardAlarmTopic');
    synthesized.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/States',
      MetricName: 'OpenExecutionCount',
      Statistic: 'Maximum',
      Threshold: 800_000,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      TreatMissingData: 'notBreaching',
      AlarmActions: [{ Ref: topic }],
    });
    const [, alarm] = resourcesOfType(synthesized.json, 'AWS::CloudWatch::Alarm').find(
      ([, resource]) => resource.Properties?.MetricName === 'OpenExecutionCount',
    ) ?? [undefined, undefined];
    // No dimension: the quota is per account and region, every state machine counts.
    expect(alarm?.Properties?.Dimensions).toBeUndefined();
    expect(DEFAULT_OPEN_EXECUTION_QUOTA * OPEN_EXECUTION_ALARM_RATIO).toBe(800_000);
  });

  it('should follow a raised quota given as context, and refuse a nonsensical one', () => {
    const raised = synthesize({ context: { 'relance:openExecutionQuota': '2500000' } });
    raised.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'OpenExecutionCount',
      Threshold: 2_000_000,
    });
    for (const value of ['0', '-5', '1.5', 'many']) {
      expect(() =>
        createApp({ bundle: false, context: { ...TEST_CONTEXT, 'relance:openExecutionQuota': value } }),
      ).toThrow(InvalidConfigurationError);
    }
  });

  it('should start deferred executions every morning before the send window, through EventBridge Scheduler', () => {
    const fn = logicalIdOf(synthesized.json, 'AWS::Lambda::Function', 'StartPendingFunction');
    synthesized.template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: `cron(0 ${PENDING_START_HOUR} * * ? *)`,
      ScheduleExpressionTimezone: 'Europe/Paris',
      State: 'ENABLED',
      Target: { Arn: { 'Fn::GetAtt': [fn, 'Arn'] } },
    });
    expect(PENDING_START_HOUR).toBeLessThan(9);
  });
});
