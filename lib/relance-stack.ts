import { CfnOutput, Duration, Stack, type StackProps, Tags } from 'aws-cdk-lib';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Schedule, ScheduleExpression } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { REFERENCE_ASSETS } from '../functions/api/reference';
import { Api } from './api';
import { BaseFunction } from './base-function';
import { Capacity } from './capacity';
import { Dashboard } from './dashboard';
import { InvalidConfigurationError } from './errors';
import { FinanceDashboard } from './finance-dashboard';
import { Mailer } from './mailer';
import { acknowledgeNag, wildcardResourceFinding } from './nag';
import { PostalMail, type PostalMailProvider } from './postal';
import { Storage } from './storage';
import { Workflow } from './workflow';

/** How long one send (render, SES, record) may run before Lambda stops it. */
const SEND_TIMEOUT = Duration.seconds(60);

/** The S3 and SES adapters that functions/shared/on-demand.ts loads on first use (lazy modules). */
const ON_DEMAND_DOCUMENTS = 'functions/shared/documents-s3.ts';
const ON_DEMAND_MAILER = 'functions/shared/ses-mailer.ts';

export interface RelanceStackProps extends StackProps {
  /** The domain Relance sends email from (SES domain identity), e.g. `atelier-dupont.fr`. */
  readonly senderDomain: string;
  /** Who receives alarm notifications. @default - alarms notify the topic, nobody is subscribed */
  readonly alarmEmail?: string;
  /** Deployment stage, used in tags and names (`[a-z][a-z0-9-]{0,15}`). @default 'dev' */
  readonly stage?: string;
  /** Who posts the formal notice's registered letter. @default 'none' (the seller, by hand) */
  readonly postalMail?: PostalMailProvider;
  /** Maileva environment when `postalMail` is `maileva`. @default 'production' */
  readonly postalMailEnvironment?: 'production' | 'sandbox';
  /** The account's open Step Functions executions quota, once raised (alarm at 80 %). @default 1 000 000 */
  readonly openExecutionQuota?: number;
}

/**
 * Relance on AWS: storage, mailer, the seven functions, the dunning workflow, the API and the
 * operations dashboard. Environment-agnostic (no account/region lookups), so it synthesizes offline.
 */
export class RelanceStack extends Stack {
  public readonly stage: string;
  public readonly storage: Storage;
  public readonly mailer: Mailer;
  public readonly workflow: Workflow;
  public readonly api: Api;
  public readonly dashboard: Dashboard;
  public readonly financeDashboard: FinanceDashboard;
  /** When deferred first executions start (open-execution quota), and the quota alarm. */
  public readonly capacity: Capacity;
  /** Starts the first executions registration deferred (open-execution quota full). */
  public readonly startPendingFunction: BaseFunction;
  /** The daily finance snapshot (outstanding by aging bucket, DSO, responses), run by EventBridge Scheduler. */
  public readonly financeSnapshotFunction: BaseFunction;
  /** The daily limitation alerts: the seller is told 90 days before an unpaid claim is time-barred. */
  public readonly limitationAlertsFunction: BaseFunction;
  public readonly planScheduleFunction: BaseFunction;
  public readonly sendMessageFunction: BaseFunction;
  public readonly recordFailureFunction: BaseFunction;
  public readonly apiFunction: BaseFunction;
  public readonly webhooksFunction: BaseFunction;
  public readonly sesEventsFunction: BaseFunction;
  public readonly evidenceFunction: BaseFunction;
  /** Registered letters through a provider (absent with `postalMail: 'none'`). */
  public readonly postalMail?: PostalMail;
  public readonly repliesFunction: BaseFunction;
  /** Key of the reply links in customer reminders (HMAC of the `/r/{token}` tokens). */
  public readonly replySecret: Secret;
  public readonly cursorSecret: Secret;
  /** Secret of the generic payment webhook (`Dunning-Signature` HMAC key). */
  public readonly webhookSecret: Secret;
  /** Stripe webhook signing secret (`whsec_…`), to be set by the operator. */
  public readonly stripeWebhookSecret: Secret;

  constructor(scope: Construct, id: string, props: RelanceStackProps) {
    super(scope, id, props);
    this.stage = props.stage ?? 'dev';
    if (!/^[a-z][a-z0-9-]{0,15}$/.test(this.stage)) {
      throw new InvalidConfigurationError(`stage "${this.stage}" must match [a-z][a-z0-9-]{0,15}.`);
    }
    Tags.of(this).add('project', 'relance');
    Tags.of(this).add('stage', this.stage);

    this.storage = new Storage(this, 'Storage');
    const { table, invoicesBucket } = this.storage;

    this.planScheduleFunction = new BaseFunction(this, 'PlanScheduleFunction', {
      entry: 'functions/plan-schedule/handler.ts',
      description: 'Plans the dunning schedule of an invoice',
    }).bindTable(table, 'readWrite');

    this.sesEventsFunction = new BaseFunction(this, 'SesEventsFunction', {
      entry: 'functions/ses-events/handler.ts',
      description:
        'Records SES bounce and complaint events on invoices; alerts the seller once per bad address',
      // The alert's templates and the SES client load only when an address turns out undeliverable.
      lazyModules: ['functions/shared/seller-alert-view.ts', ON_DEMAND_MAILER],
    }).bindTable(table, 'readWrite');

    this.mailer = new Mailer(this, 'Mailer', {
      senderDomain: props.senderDomain,
      eventsHandler: this.sesEventsFunction,
    });
    // It tells the seller once when a customer address stops receiving mail.
    this.sesEventsFunction.bindMailer(this.mailer);

    this.sendMessageFunction = new BaseFunction(this, 'SendMessageFunction', {
      entry: 'functions/send-message/handler.ts',
      description: 'Claims, renders and sends one dunning message',
      timeout: SEND_TIMEOUT,
      // The formal-notice letter and pdf-lib load only when a formal notice is sent; the seller
      // alert's module only when a step is skipped for an undeliverable address; the wording of
      // consolidated emails only when one goes out; the contact day for customer reminders and notices;
      // the postal provider's adapter (and its Secrets Manager client) only with `postalMail: 'maileva'`.
      lazyModules: [
        'functions/send-message/letter.ts',
        'functions/shared/seller-alert-view.ts',
        'functions/send-message/consolidated.ts',
        'functions/send-message/contact-day.ts',
        'functions/postal/maileva-provider.ts',
      ],
    })
      .bindTable(table, 'readWrite')
      .bindInvoicesBucket(invoicesBucket, { read: true, writePrefixes: ['evidence/', 'letters/'] })
      .bindMailer(this.mailer);
    // A claim older than the timeout (in real time) has no living sender: see functions/core/claims.ts.
    this.sendMessageFunction.addEnvironment('SEND_TIMEOUT_SECONDS', String(SEND_TIMEOUT.toSeconds()));

    if (props.postalMail === 'maileva') {
      this.postalMail = new PostalMail(this, 'PostalMail', {
        environment: props.postalMailEnvironment ?? 'production',
        sendFunction: this.sendMessageFunction,
        table,
        invoicesBucket,
      });
    }

    this.recordFailureFunction = new BaseFunction(this, 'RecordFailureFunction', {
      entry: 'functions/record-failure/handler.ts',
      description: 'Records a workflow failure on the invoice',
    }).bindTable(table, 'readWrite');

    this.workflow = new Workflow(this, 'Workflow', {
      planScheduleFunction: this.planScheduleFunction,
      sendMessageFunction: this.sendMessageFunction,
      recordFailureFunction: this.recordFailureFunction,
      table,
    });
    const { stateMachine } = this.workflow;

    this.apiFunction = new BaseFunction(this, 'ApiFunction', {
      entry: 'functions/api/handler.ts',
      description: 'Relance HTTP API (keyed routes, /health, /openapi.json, /docs)',
      // pdf-lib and the XML parser load only when a posted PDF carries Factur-X data; the alert's
      // templates only for an insolvency pause; the presigner only for POST /uploads; the Secrets
      // Manager client only for paginated listings; the API Gateway client only to manage seller keys; the
      // S3 client with the first request that stores or reads a PDF, the SES client with the first alert;
      // the OpenAPI document's builder and response schemas with the first GET /openapi.json.
      lazyModules: [
        'functions/api/openapi.ts',
        ON_DEMAND_DOCUMENTS,
        ON_DEMAND_MAILER,
        'functions/api/api-key-gateway.ts',
        'functions/api/facturx-reader.ts',
        'functions/shared/seller-alert-view.ts',
        'functions/api/upload-signer.ts',
        'functions/api/cursor-secrets.ts',
      ],
      // The reference page's renderer (GET /docs/{file}), read only when the page is opened.
      assets: REFERENCE_ASSETS.map((file) => `node_modules/swagger-ui-dist/${file}`),
    })
      .bindTable(table, 'readWrite')
      // uploads/: the presigned PUT URLs of POST /uploads are signed with this function's role.
      .bindInvoicesBucket(invoicesBucket, { read: true, writePrefixes: ['invoices/', 'uploads/'] })
      .bindStateMachine(stateMachine)
      // The insolvency pause tells the seller's contact the claim declaration deadline.
      .bindMailer(this.mailer);

    this.evidenceFunction = new BaseFunction(this, 'EvidenceFunction', {
      entry: 'functions/evidence/handler.ts',
      description: 'Builds the evidence bundle (ZIP) of an invoice',
      lazyModules: ['functions/evidence/documents.ts'],
      // Reads every file of an invoice, renders two PDFs and zips them in memory.
      memorySize: 1024,
      timeout: Duration.seconds(29),
    })
      .bindTable(table, 'read')
      .bindInvoicesBucket(invoicesBucket, { read: true, writePrefixes: ['bundles/'] });

    this.cursorSecret = new Secret(this, 'CursorSecret', {
      description: 'Relance: key that seals the pagination cursors of the API (GET /invoices)',
      generateSecretString: { passwordLength: 48, excludePunctuation: true },
    });
    acknowledgeNag(
      this.cursorSecret,
      'AwsSolutions-SMG4',
      'A rotation only invalidates cursors in flight (clients restart the listing); the operator rotates it by prepending a new value (several values are accepted), no Lambda needed.',
    );
    this.apiFunction.bindSecret('CURSOR_SECRET_ARN', this.cursorSecret);

    this.webhookSecret = new Secret(this, 'WebhookSecret', {
      description: 'Relance: HMAC key of the generic payment webhook (Dunning-Signature)',
      generateSecretString: { passwordLength: 48, excludePunctuation: true },
    });
    this.stripeWebhookSecret = new Secret(this, 'StripeWebhookSecret', {
      description: 'Relance: Stripe webhook signing secret (whsec_...), set it from the Stripe dashboard',
      generateSecretString: { passwordLength: 32, excludePunctuation: true },
    });
    for (const secret of [this.webhookSecret, this.stripeWebhookSecret]) {
      acknowledgeNag(
        secret,
        'AwsSolutions-SMG4',
        'Webhook signing secrets are shared with the payment provider, so they are rotated by the operator on both sides (several v1= signatures are accepted during a rotation), not by a Lambda.',
      );
    }

    this.webhooksFunction = new BaseFunction(this, 'WebhooksFunction', {
      entry: 'functions/webhooks/handler.ts',
      description: 'Signed payment webhooks (generic, Stripe)',
    })
      .bindTable(table, 'readWrite')
      .bindStateMachine(stateMachine)
      .bindSecret('WEBHOOK_SECRET_ARN', this.webhookSecret)
      .bindSecret('STRIPE_WEBHOOK_SECRET_ARN', this.stripeWebhookSecret);

    this.replySecret = new Secret(this, 'ReplySecret', {
      description: 'Relance: HMAC key of the reply links in customer reminders (/r/{token})',
      generateSecretString: { passwordLength: 48, excludePunctuation: true },
    });
    acknowledgeNag(
      this.replySecret,
      'AwsSolutions-SMG4',
      'Rotating this key would break every reply link already sent (valid 60 days); the operator rotates it by hand by prepending a new value (several values are accepted), then drops the old one 60 days later.',
    );

    this.repliesFunction = new BaseFunction(this, 'RepliesFunction', {
      entry: 'functions/replies/handler.ts',
      description: 'Customer reply page /r/{token}: shows an invoice, records one answer',
    })
      .bindTable(table, 'readWrite')
      .bindStateMachine(stateMachine)
      .bindMailer(this.mailer)
      .bindSecret('REPLY_SECRET_ARN', this.replySecret);
    this.sendMessageFunction.bindSecret('REPLY_SECRET_ARN', this.replySecret);

    this.api = new Api(this, 'Api', {
      apiFunction: this.apiFunction,
      webhooksFunction: this.webhooksFunction,
      evidenceFunction: this.evidenceFunction,
      repliesFunction: this.repliesFunction,
    });
    this.sendMessageFunction.addEnvironment('REPLY_BASE_URL', this.api.publicUrl);

    this.financeSnapshotFunction = new BaseFunction(this, 'FinanceSnapshotFunction', {
      entry: 'functions/finance-snapshot/handler.ts',
      description: 'Daily finance snapshot: outstanding by aging bucket, DSO, customer responses',
      timeout: Duration.minutes(5),
    }).bindTable(table, 'read');
    const schedulerRole = new Role(this, 'FinanceSnapshotSchedulerRole', {
      assumedBy: new ServicePrincipal('scheduler.amazonaws.com'),
      description: 'Relance: lets EventBridge Scheduler invoke the finance snapshot function',
    });
    new Schedule(this, 'FinanceSnapshotSchedule', {
      description: 'Relance: daily finance snapshot for the finance dashboard',
      schedule: ScheduleExpression.cron({ minute: '0', hour: '5' }),
      target: new LambdaInvoke(this.financeSnapshotFunction, { role: schedulerRole, retryAttempts: 2 }),
    });
    acknowledgeNag(
      schedulerRole,
      wildcardResourceFinding(schedulerRole, `${this.financeSnapshotFunction.functionArn}:*`),
      "EventBridge Scheduler's Lambda target grants InvokeFunction on the function and its versions (`<arn>:*`): the role can invoke this one function only.",
    );

    // Not a Wait in the workflow: an execution lasts at most a year, the alert comes years after the
    // due date (docs/evidence.md). The API plans it at registration, this daily job sends it.
    this.limitationAlertsFunction = new BaseFunction(this, 'LimitationAlertsFunction', {
      entry: 'functions/limitation-alerts/handler.ts',
      description: 'Daily: tells the seller 90 days before an unpaid claim is time-barred',
      timeout: Duration.minutes(5),
      lazyModules: ['functions/shared/seller-alert-view.ts', ON_DEMAND_MAILER],
    })
      .bindTable(table, 'readWrite')
      .bindInvoicesBucket(invoicesBucket, { read: true, writePrefixes: ['evidence/'] })
      .bindMailer(this.mailer);
    this.limitationAlertsFunction.addEnvironment('REPLY_BASE_URL', this.api.publicUrl);
    const limitationRole = new Role(this, 'LimitationAlertsSchedulerRole', {
      assumedBy: new ServicePrincipal('scheduler.amazonaws.com'),
      description: 'Relance: lets EventBridge Scheduler invoke the limitation alerts function',
    });
    new Schedule(this, 'LimitationAlertsSchedule', {
      description: 'Relance: daily limitation alerts to sellers',
      schedule: ScheduleExpression.cron({ minute: '0', hour: '6' }),
      target: new LambdaInvoke(this.limitationAlertsFunction, { role: limitationRole, retryAttempts: 2 }),
    });
    acknowledgeNag(
      limitationRole,
      wildcardResourceFinding(limitationRole, `${this.limitationAlertsFunction.functionArn}:*`),
      "EventBridge Scheduler's Lambda target grants InvokeFunction on the function and its versions (`<arn>:*`): the role can invoke this one function only.",
    );

    // The evidence route applies the tenant scopes too: it must know which key is the operator's.
    this.evidenceFunction.addEnvironment('OPERATOR_KEY_ID', this.api.apiKey.keyId);

    this.dashboard = new Dashboard(this, 'Dashboard', {
      dashboardName: `Relance-${this.stage}-operations`,
      stateMachine,
      restApi: this.api.restApi,
      functions: [
        this.planScheduleFunction,
        this.sendMessageFunction,
        this.recordFailureFunction,
        this.apiFunction,
        this.webhooksFunction,
        this.sesEventsFunction,
        this.evidenceFunction,
        ...(this.postalMail ? [this.postalMail.trackingFunction] : []),
        this.financeSnapshotFunction,
        this.limitationAlertsFunction,
        this.repliesFunction,
      ],
      alarmEmail: props.alarmEmail,
    });
    this.startPendingFunction = new BaseFunction(this, 'StartPendingFunction', {
      entry: 'functions/start-pending/handler.ts',
      description: 'Starts the first executions deferred by the open-execution quota',
      timeout: Duration.minutes(5),
    })
      .bindTable(table, 'readWrite')
      .bindStateMachine(stateMachine);
    this.capacity = new Capacity(this, 'Capacity', {
      startPendingFunction: this.startPendingFunction,
      alarmTopic: this.dashboard.alarmTopic,
      openExecutionQuota: props.openExecutionQuota,
    });
    this.financeDashboard = new FinanceDashboard(this, 'FinanceDashboard', {
      dashboardName: `Relance-${this.stage}-finance`,
      alarmAction: new SnsAction(this.dashboard.alarmTopic),
    });

    new CfnOutput(this, 'ApiUrl', { value: this.api.url, description: 'Base URL of the API' });
    new CfnOutput(this, 'ApiKeyId', {
      value: this.api.apiKey.keyId,
      description: 'aws apigateway get-api-key --include-value --api-key <ApiKeyId>',
    });
    new CfnOutput(this, 'TableName', { value: table.tableName });
    new CfnOutput(this, 'InvoicesBucketName', { value: invoicesBucket.bucketName });
    new CfnOutput(this, 'StateMachineArn', { value: stateMachine.stateMachineArn });
    new CfnOutput(this, 'DashboardUrl', { value: this.dashboard.dashboardUrl });
    new CfnOutput(this, 'FinanceDashboardUrl', { value: this.financeDashboard.dashboardUrl });
    new CfnOutput(this, 'WebhookSecretArn', { value: this.webhookSecret.secretArn });
    new CfnOutput(this, 'StripeWebhookSecretArn', { value: this.stripeWebhookSecret.secretArn });
    this.mailer.identity.dkimRecords.forEach((record, index) => {
      new CfnOutput(this, `DkimRecord${index + 1}`, {
        value: `${record.name} CNAME ${record.value}`,
        description: 'Publish in the sender domain DNS zone so that SES verifies it',
      });
    });
  }
}
