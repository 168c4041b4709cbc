/**
 * The custom CloudWatch metrics, named once: the functions emit them (functions/shared/metrics.ts),
 * the dashboards read them (lib/dashboard.ts, lib/finance-dashboard.ts) and a construct test checks
 * that every metric a widget reads is one of these, with one of these dimension sets. Powertools adds
 * the `service` dimension to every metric. No seller dimension: one metric stream per seller would
 * multiply the CloudWatch bill; per-seller figures come from the reports API.
 */
export const METRICS_NAMESPACE = 'Relance';
export const METRICS_SERVICE = 'relance';

export const METRICS = {
  /** One per message sent, thank-you included. */
  MessagesSent: { dimensions: ['step'] },
  /** One per payment recorded (count). */
  PaymentsRecorded: { dimensions: [] },
  /** Amount of each payment, in major units (euros), by currency and by the step it is attributed to. */
  AmountRecovered: { dimensions: ['currency', 'step'] },
  /** One per invoice fully paid, by the last step sent before the payment that settled it. */
  InvoicesPaid: { dimensions: ['step'] },
  /** One per invoice fully paid after its due date and before any formal notice. */
  AmicableSettlements: { dimensions: [] },
  /** Full-payment day − due date of each invoice fully paid (average it). */
  DaysLateAtPayment: { dimensions: [] },
  /** Hard bounces, complaints and rejects (`eventType`: Bounce, Complaint, Reject). */
  UndeliverableEmails: { dimensions: ['eventType'] },
  /** One per alert sent to a seller's contact (`alert`: undeliverable, insolvency). */
  SellerAlertsSent: { dimensions: ['alert'] },
  /** Dunning executions that failed. */
  WorkflowFailures: { dimensions: [] },
  /** Daily job: outstanding balance (major units) and invoice count, by currency and aging bucket. */
  OutstandingAmount: { dimensions: ['currency', 'bucket'] },
  OutstandingInvoices: { dimensions: ['currency', 'bucket'] },
  /** Daily job: days sales outstanding, by currency. */
  DaysSalesOutstanding: { dimensions: ['currency'] },
  /** One per answer a customer gives on the reply page, as it is recorded, by `action` (paid, promise…). */
  RepliesReceived: { dimensions: ['action'] },
  /** Daily job: customer replies recorded the previous day. */
  CustomerReplies: { dimensions: [] },
  /** Daily job: customer messages whose 7-day response window closed the previous day, and how many were answered. */
  ResponseWindowsClosed: { dimensions: [] },
  ResponsesWithin7Days: { dimensions: [] },
  /** One per registration whose first execution waits for room under the open-execution quota. */
  ExecutionStartDeferred: { dimensions: [] },
  /** Deferred first executions started by the pending-start job, per run. */
  PendingStartsStarted: { dimensions: [] },
} as const satisfies Record<string, { dimensions: readonly string[] }>;

export type MetricName = keyof typeof METRICS;
export type MetricDimensions<N extends MetricName> = {
  readonly [K in (typeof METRICS)[N]['dimensions'][number]]: string;
};
