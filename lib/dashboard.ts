import { Aws, Duration, Token } from 'aws-cdk-lib';
import type { RestApi } from 'aws-cdk-lib/aws-apigateway';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { StateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { MESSAGE_STEPS } from '../functions/core/steps';
import { InvalidConfigurationError } from './errors';

/**
 * Custom metrics emitted by the functions through Powertools Metrics (EMF). Powertools adds the
 * `service` dimension (POWERTOOLS_SERVICE_NAME = `relance`); the send function adds `step`.
 */
export const METRICS_NAMESPACE = 'Relance';
export const METRICS_SERVICE = 'relance';

const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export interface DashboardProps {
  /** The dunning state machine (executions started/succeeded/failed/aborted, failure alarm). */
  readonly stateMachine: StateMachine;
  /** The REST API (4xx, 5xx, latency, 5xx alarm). */
  readonly restApi: RestApi;
  /** The functions whose errors are graphed. */
  readonly functions: readonly IFunction[];
  /** Who receives alarm notifications (SNS email subscription, to confirm by email). @default - no subscription */
  readonly alarmEmail?: string;
}

/**
 * The operations view: a CloudWatch dashboard (executions, reminders sent per step, payments, API,
 * Lambda errors) and alarms (failed executions, API 5xx) notifying an encrypted SNS topic.
 */
export class Dashboard extends Construct {
  /** The CloudWatch dashboard. */
  public readonly dashboard: cloudwatch.Dashboard;
  /** The topic alarms notify (KMS-encrypted, TLS only). */
  public readonly alarmTopic: Topic;
  /** Alarm: at least one execution failed. */
  public readonly executionsFailedAlarm: cloudwatch.Alarm;
  /** Alarm: the API answered at least one 5xx. */
  public readonly apiServerErrorsAlarm: cloudwatch.Alarm;
  /** Console URL of the dashboard. */
  public readonly dashboardUrl: string;

  constructor(scope: Construct, id: string, props: DashboardProps) {
    super(scope, id);
    const alarmEmail = props.alarmEmail;
    if (alarmEmail !== undefined && !Token.isUnresolved(alarmEmail) && !EMAIL_PATTERN.test(alarmEmail)) {
      throw new InvalidConfigurationError(
        `${this.node.path}: alarmEmail "${alarmEmail}" is not an email address.`,
      );
    }

    // A customer-managed key: CloudWatch alarms cannot publish to a topic encrypted with aws/sns.
    const topicKey = new Key(this, 'AlarmTopicKey', {
      description: 'Encrypts the Relance alarm topic',
      enableKeyRotation: true,
    });
    topicKey.grant(new ServicePrincipal('cloudwatch.amazonaws.com'), 'kms:Decrypt', 'kms:GenerateDataKey*');
    this.alarmTopic = new Topic(this, 'AlarmTopic', {
      displayName: 'Relance alarms',
      masterKey: topicKey,
      enforceSSL: true,
    });
    if (alarmEmail) this.alarmTopic.addSubscription(new EmailSubscription(alarmEmail));
    const notify = new SnsAction(this.alarmTopic);

    const { stateMachine, restApi } = props;
    const fiveMinutes = Duration.minutes(5);
    this.executionsFailedAlarm = stateMachine
      .metricFailed({ period: fiveMinutes, statistic: 'Sum' })
      .createAlarm(this, 'ExecutionsFailedAlarm', {
        alarmDescription: 'A dunning execution failed: see the workflow_failed event of the invoice.',
        threshold: 0,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
    this.apiServerErrorsAlarm = restApi
      .metricServerError({ period: fiveMinutes, statistic: 'Sum' })
      .createAlarm(this, 'ApiServerErrorsAlarm', {
        alarmDescription: 'The Relance API answered 5xx (clients must never cause a 5xx).',
        threshold: 0,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
    for (const alarm of [this.executionsFailedAlarm, this.apiServerErrorsAlarm]) {
      alarm.addAlarmAction(notify);
      alarm.addOkAction(notify);
    }

    const hourly = { period: Duration.hours(1), statistic: 'Sum' };
    const daily = { period: Duration.days(1), statistic: 'Sum' };
    this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', { defaultInterval: Duration.days(14) });
    this.dashboard.addWidgets(
      new cloudwatch.AlarmStatusWidget({
        title: 'Alarms',
        alarms: [this.executionsFailedAlarm, this.apiServerErrorsAlarm],
        width: 24,
        height: 3,
      }),
    );
    this.dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'Dunning executions',
        width: 12,
        left: [
          stateMachine.metricStarted({ ...hourly, label: 'started' }),
          stateMachine.metricSucceeded({ ...hourly, label: 'succeeded' }),
          stateMachine.metricFailed({ ...hourly, label: 'failed' }),
          stateMachine.metricAborted({ ...hourly, label: 'aborted (stopped)' }),
        ],
      }),
      new cloudwatch.GraphWidget({
        title: 'Messages sent per step (daily)',
        width: 12,
        stacked: true,
        left: MESSAGE_STEPS.map(
          (step) =>
            new cloudwatch.Metric({
              namespace: METRICS_NAMESPACE,
              metricName: 'MessagesSent',
              dimensionsMap: { service: METRICS_SERVICE, step },
              label: step,
              ...daily,
            }),
        ),
      }),
    );
    this.dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'Payments recorded (daily)',
        width: 8,
        left: [
          new cloudwatch.Metric({
            namespace: METRICS_NAMESPACE,
            metricName: 'PaymentsRecorded',
            dimensionsMap: { service: METRICS_SERVICE },
            label: 'payments',
            ...daily,
          }),
        ],
      }),
      new cloudwatch.GraphWidget({
        title: 'API errors',
        width: 8,
        left: [
          restApi.metricClientError({ ...hourly, label: '4xx' }),
          restApi.metricServerError({ ...hourly, label: '5xx' }),
        ],
      }),
      new cloudwatch.GraphWidget({
        title: 'API latency',
        width: 8,
        left: [
          restApi.metricLatency({ period: Duration.minutes(5), statistic: 'p50', label: 'p50' }),
          restApi.metricLatency({ period: Duration.minutes(5), statistic: 'p99', label: 'p99' }),
        ],
      }),
    );
    this.dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'Lambda errors',
        width: 24,
        left: props.functions.map((fn) => fn.metricErrors({ ...hourly, label: fn.node.id })),
      }),
    );

    this.dashboardUrl = `https://${Aws.REGION}.console.aws.amazon.com/cloudwatch/home?region=${Aws.REGION}#dashboards:name=${this.dashboard.dashboardName}`;
  }
}
