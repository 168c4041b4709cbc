import { Duration, TimeZone, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Schedule, ScheduleExpression } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { InvalidConfigurationError } from './errors';
import { acknowledgeNag, wildcardResourceFinding } from './nag';

/** Step Functions' default quota of open Standard executions per account and region. */
export const DEFAULT_OPEN_EXECUTION_QUOTA = 1_000_000;

/** The alarm fires at this share of the quota: time to ask for an increase before registrations wait. */
export const OPEN_EXECUTION_ALARM_RATIO = 0.8;

/**
 * When deferred first executions are retried: every day at 08:00 Paris time, before the default send
 * window opens. Messages only leave in the window and a late start re-plans from its start time, so
 * a start made before the window loses nothing; running more often would send nothing sooner.
 */
export const PENDING_START_HOUR = 8;

export interface CapacityProps {
  /** Starts the first executions deferred by the quota (functions/start-pending). */
  readonly startPendingFunction: IFunction;
  /** Where the quota alarm notifies (the operations alarm topic). */
  readonly alarmTopic: ITopic;
  /** The account's open-execution quota, when raised. @default 1 000 000 */
  readonly openExecutionQuota?: number;
}

/**
 * What keeps registration working near the open-execution quota (docs/capacity.md): the schedule of
 * the function that starts executions registration had to defer (`ExecutionLimitExceeded`), run every morning before
 * the send window by EventBridge Scheduler, and an alarm at 80 % of the quota on Step Functions' account-level
 * `OpenExecutionCount` metric.
 */
export class Capacity extends Construct {
  public readonly openExecutionsAlarm: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: CapacityProps) {
    super(scope, id);
    const quota = props.openExecutionQuota ?? DEFAULT_OPEN_EXECUTION_QUOTA;
    if (!Token.isUnresolved(quota) && !(Number.isInteger(quota) && quota > 0)) {
      throw new InvalidConfigurationError(
        `${this.node.path}: openExecutionQuota must be a positive integer.`,
      );
    }

    const role = new Role(this, 'StartPendingSchedulerRole', {
      assumedBy: new ServicePrincipal('scheduler.amazonaws.com'),
      description: 'Relance: lets EventBridge Scheduler invoke the pending-start function',
    });
    new Schedule(this, 'StartPendingSchedule', {
      description: 'Relance: starts first executions deferred by the open-execution quota',
      schedule: ScheduleExpression.cron({
        minute: '0',
        hour: String(PENDING_START_HOUR),
        timeZone: TimeZone.EUROPE_PARIS,
      }),
      target: new LambdaInvoke(props.startPendingFunction, { role, retryAttempts: 0 }),
    });
    acknowledgeNag(
      role,
      wildcardResourceFinding(role, `${props.startPendingFunction.functionArn}:*`),
      "EventBridge Scheduler's Lambda target grants InvokeFunction on the function and its versions (`<arn>:*`): the role can invoke this one function only.",
    );

    // Account-level (no dimension): every state machine of the account counts against the one quota.
    const openExecutions = new cloudwatch.Metric({
      namespace: 'AWS/States',
      metricName: 'OpenExecutionCount',
      statistic: cloudwatch.Stats.MAXIMUM,
      period: Duration.minutes(5),
    });
    this.openExecutionsAlarm = new cloudwatch.Alarm(this, 'OpenExecutionsAlarm', {
      alarmDescription: `Open Step Functions executions above ${OPEN_EXECUTION_ALARM_RATIO * 100} % of the quota (${quota}): ask for an increase (docs/capacity.md).`,
      metric: openExecutions,
      threshold: Math.floor(quota * OPEN_EXECUTION_ALARM_RATIO),
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 3,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    this.openExecutionsAlarm.addAlarmAction(new SnsAction(props.alarmTopic));
  }
}
