import { Aws, Duration } from 'aws-cdk-lib';
import type { IAlarmAction } from 'aws-cdk-lib/aws-cloudwatch';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import { METRICS, METRICS_NAMESPACE, METRICS_SERVICE, type MetricName } from '../functions/contracts/metrics';
import { AGING_BUCKETS, ATTRIBUTION_STEPS, CUSTOMER_MESSAGE_STEPS } from '../functions/core/kpis';

/** SES puts an account under review at 5 % bounces and 0.1 % complaints: we warn at half of each. */
export const BOUNCE_RATE_ALARM = 0.025;
export const COMPLAINT_RATE_ALARM = 0.0005;

export interface FinanceDashboardProps {
  /** The dashboard name, `Relance-<stage>-finance`. */
  readonly dashboardName: string;
  /** Currencies graphed (amounts are never added across currencies). @default ['EUR'] */
  readonly currencies?: readonly string[];
  /** What the SES reputation alarms notify. */
  readonly alarmAction: IAlarmAction;
}

const DAY = Duration.days(1);
const WEEK = Duration.days(7);

/** A metric of the contract, with the `service` dimension Powertools adds. */
export function relanceMetric(
  name: MetricName,
  dimensions: Record<string, string>,
  options: { label?: string; statistic?: string; period?: Duration } = {},
): cloudwatch.Metric {
  return new cloudwatch.Metric({
    namespace: METRICS_NAMESPACE,
    metricName: name,
    dimensionsMap: { service: METRICS_SERVICE, ...dimensions },
    statistic: options.statistic ?? 'Sum',
    period: options.period ?? DAY,
    ...(options.label ? { label: options.label } : {}),
  });
}

const STEP_WORDS: Record<(typeof ATTRIBUTION_STEPS)[number], string> = {
  none: 'before any reminder',
  courtesy_reminder: 'after the courtesy reminder',
  first_reminder: 'after the 1st reminder',
  second_reminder: 'after the 2nd reminder',
  formal_notice: 'after the formal notice',
  escalation: 'after escalation',
};

const BUCKET_WORDS: Record<(typeof AGING_BUCKETS)[number], string> = {
  not_due: 'not yet due',
  '1-30': '1–30 days late',
  '31-60': '31–60 days late',
  '61-90': '61–90 days late',
  '90+': 'over 90 days late',
};

/**
 * The finance view: what the dunning brings back (recovered by step, invoices paid by stage, amicable
 * rate, days late at payment), what is still owed (aging, DSO), how customers respond and whether
 * the emails get through; plus the SES reputation alarms. Titles say what a line means in plain words;
 * amounts are in the currency's major units (euros), rates in %.
 */
export class FinanceDashboard extends Construct {
  public readonly dashboard: cloudwatch.Dashboard;
  public readonly bounceRateAlarm: cloudwatch.Alarm;
  public readonly complaintRateAlarm: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: FinanceDashboardProps) {
    super(scope, id);
    const currencies = props.currencies ?? ['EUR'];

    // Account-level SES reputation metrics (fractions): what SES itself judges the account on.
    const sesReputation = (metricName: string) =>
      new cloudwatch.Metric({
        namespace: 'AWS/SES',
        metricName,
        statistic: 'Maximum',
        period: Duration.hours(1),
      });
    this.bounceRateAlarm = sesReputation('Reputation.BounceRate').createAlarm(this, 'BounceRateAlarm', {
      alarmDescription: `SES bounce rate above ${BOUNCE_RATE_ALARM * 100} %: check the undeliverable invoices and the customer addresses (SES reviews the account at 5 %).`,
      threshold: BOUNCE_RATE_ALARM,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    this.complaintRateAlarm = sesReputation('Reputation.ComplaintRate').createAlarm(
      this,
      'ComplaintRateAlarm',
      {
        alarmDescription: `SES complaint rate above ${COMPLAINT_RATE_ALARM * 100} %: customers mark reminders as spam (SES reviews the account at 0.1 %).`,
        threshold: COMPLAINT_RATE_ALARM,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      },
    );
    for (const alarm of [this.bounceRateAlarm, this.complaintRateAlarm]) {
      alarm.addAlarmAction(props.alarmAction);
      alarm.addOkAction(props.alarmAction);
    }

    this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', {
      dashboardName: props.dashboardName,
      defaultInterval: Duration.days(90),
    });

    for (const currency of currencies) {
      const recovered = (period: Duration) =>
        ATTRIBUTION_STEPS.map((step) =>
          relanceMetric('AmountRecovered', { currency, step }, { label: STEP_WORDS[step], period }),
        );
      this.dashboard.addWidgets(
        new cloudwatch.SingleValueWidget({
          title: `Money recovered over the period, by the last message before payment (${currency})`,
          metrics: recovered(DAY),
          setPeriodToTimeRange: true,
          fullPrecision: true,
          width: 24,
          height: 4,
        }),
      );
      this.dashboard.addWidgets(
        new cloudwatch.GraphWidget({
          title: `Money recovered per week, by the last message before payment (${currency})`,
          left: recovered(WEEK),
          stacked: true,
          view: cloudwatch.GraphWidgetView.BAR,
          leftYAxis: { label: currency, showUnits: false, min: 0 },
          width: 12,
        }),
        new cloudwatch.GraphWidget({
          title: `Still owed, by how late it is (${currency})`,
          left: AGING_BUCKETS.map((bucket) =>
            relanceMetric(
              'OutstandingAmount',
              { currency, bucket },
              { label: BUCKET_WORDS[bucket], statistic: 'Maximum' },
            ),
          ),
          stacked: true,
          leftYAxis: { label: currency, showUnits: false, min: 0 },
          width: 12,
        }),
      );
      this.dashboard.addWidgets(
        new cloudwatch.GraphWidget({
          title: `DSO: days of sales still unpaid (${currency})`,
          left: [
            relanceMetric(
              'DaysSalesOutstanding',
              { currency },
              { label: 'DSO (days)', statistic: 'Maximum' },
            ),
          ],
          leftYAxis: { label: 'days', showUnits: false, min: 0 },
          width: 8,
        }),
        new cloudwatch.GraphWidget({
          title: `Number of unpaid invoices, by how late they are (${currency})`,
          left: AGING_BUCKETS.map((bucket) =>
            relanceMetric(
              'OutstandingInvoices',
              { currency, bucket },
              { label: BUCKET_WORDS[bucket], statistic: 'Maximum' },
            ),
          ),
          stacked: true,
          leftYAxis: { label: 'invoices', showUnits: false, min: 0 },
          width: 16,
        }),
      );
    }

    const amicable = relanceMetric('AmicableSettlements', {}, { period: WEEK });
    const notices = relanceMetric('MessagesSent', { step: 'formal_notice' }, { period: WEEK });
    const customerMessages = CUSTOMER_MESSAGE_STEPS.map((step) =>
      relanceMetric('MessagesSent', { step }, { period: WEEK }),
    );
    const messagesSum = customerMessages.map((_, index) => `FILL(m${index}, 0)`).join(' + ');
    const messageMap = Object.fromEntries(customerMessages.map((metric, index) => [`m${index}`, metric]));
    const weekly = (expression: string, label: string, usingMetrics: Record<string, cloudwatch.IMetric>) =>
      new cloudwatch.MathExpression({ expression, label, usingMetrics, period: WEEK });

    this.dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'Invoices fully paid per week, by the last message before payment',
        left: ATTRIBUTION_STEPS.map((step) =>
          relanceMetric('InvoicesPaid', { step }, { label: STEP_WORDS[step], period: WEEK }),
        ),
        stacked: true,
        view: cloudwatch.GraphWidgetView.BAR,
        leftYAxis: { label: 'invoices', showUnits: false, min: 0 },
        width: 8,
      }),
      new cloudwatch.GraphWidget({
        title: 'Amicable rate: late invoices paid before the formal notice (%)',
        left: [
          weekly('100 * FILL(a, 0) / (FILL(a, 0) + FILL(n, 0))', 'paid before the formal notice (%)', {
            a: amicable,
            n: notices,
          }),
        ],
        leftYAxis: { label: '%', showUnits: false, min: 0, max: 100 },
        width: 8,
      }),
      new cloudwatch.GraphWidget({
        title: 'Average days late at payment (negative: paid early)',
        left: [
          relanceMetric(
            'DaysLateAtPayment',
            {},
            { label: 'days after the due date', statistic: 'Average', period: WEEK },
          ),
        ],
        leftYAxis: { label: 'days', showUnits: false },
        width: 8,
      }),
    );
    this.dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'Customer responses: replies, and messages answered within 7 days (%)',
        left: [relanceMetric('CustomerReplies', {}, { label: 'customer replies', period: WEEK })],
        right: [
          weekly('100 * FILL(r, 0) / w', 'answered within 7 days (%)', {
            r: relanceMetric('ResponsesWithin7Days', {}, { period: WEEK }),
            w: relanceMetric('ResponseWindowsClosed', {}, { period: WEEK }),
          }),
        ],
        leftYAxis: { label: 'replies', showUnits: false, min: 0 },
        rightYAxis: { label: '%', showUnits: false, min: 0, max: 100 },
        width: 12,
      }),
      new cloudwatch.GraphWidget({
        title: 'Emails that did not get through, per customer message sent (%)',
        left: [
          weekly(`100 * FILL(b, 0) / (${messagesSum})`, 'hard bounces (%)', {
            b: relanceMetric('UndeliverableEmails', { eventType: 'Bounce' }, { period: WEEK }),
            ...messageMap,
          }),
          weekly(`100 * FILL(c, 0) / (${messagesSum})`, 'spam complaints (%)', {
            c: relanceMetric('UndeliverableEmails', { eventType: 'Complaint' }, { period: WEEK }),
            ...messageMap,
          }),
        ],
        leftYAxis: { label: '%', showUnits: false, min: 0 },
        width: 12,
      }),
    );
  }

  /** Console URL of the dashboard. */
  get dashboardUrl(): string {
    return `https://${Aws.REGION}.console.aws.amazon.com/cloudwatch/home?region=${Aws.REGION}#dashboards:name=${this.dashboard.dashboardName}`;
  }
}

/** Every metric name and dimension set of the contract, as `Name{dim,dim}` (construct tests). */
export function contractMetricKeys(): Set<string> {
  return new Set(
    Object.entries(METRICS).map(
      ([name, { dimensions }]) => `${name}{${['service', ...dimensions].sort().join(',')}}`,
    ),
  );
}
