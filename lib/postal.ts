import { Duration } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { Schedule, ScheduleExpression } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { BaseFunction } from './base-function';
import { acknowledgeNag, wildcardResourceFinding } from './nag';

/** Postal-mail providers the stack can post formal-notice letters with (`none`: the seller posts them). */
export const POSTAL_MAIL_PROVIDERS = ['none', 'maileva'] as const;
export type PostalMailProvider = (typeof POSTAL_MAIL_PROVIDERS)[number];

/** Maileva's registered-letter API and token endpoint per environment (its developer documentation). */
export const MAILEVA_ENDPOINTS = {
  production: {
    apiUrl: 'https://api.maileva.com/registered_mail/v2',
    tokenUrl: 'https://connexion.maileva.com/auth/realms/services/protocol/openid-connect/token',
  },
  sandbox: {
    apiUrl: 'https://api.sandbox.maileva.net/registered_mail/v2',
    tokenUrl: 'https://connexion.sandbox.maileva.net/auth/realms/services/protocol/openid-connect/token',
  },
} as const;

export interface PostalMailProps {
  readonly environment: keyof typeof MAILEVA_ENDPOINTS;
  /** The send function, which posts the formal notice's letter right after its email. */
  readonly sendFunction: BaseFunction;
  readonly table: ITable;
  readonly invoicesBucket: IBucket;
  /** How often travelling letters are polled. @default Duration.hours(6) */
  readonly pollEvery?: Duration;
}

/**
 * Registered letters through Maileva: the credentials secret (JSON `{clientId, clientSecret, username,
 * password}`, set by the operator), the provider's settings on the send function, and a scheduled
 * function that polls travelling letters and keeps their proofs.
 */
export class PostalMail extends Construct {
  public readonly secret: Secret;
  public readonly trackingFunction: BaseFunction;
  public readonly schedule: Schedule;

  constructor(scope: Construct, id: string, props: PostalMailProps) {
    super(scope, id);
    const endpoints = MAILEVA_ENDPOINTS[props.environment];
    this.secret = new Secret(this, 'MailevaCredentials', {
      description:
        'Relance: Maileva API credentials, JSON {"clientId","clientSecret","username","password"} (set it from your Maileva account)',
    });
    acknowledgeNag(
      this.secret,
      'AwsSolutions-SMG4',
      "Maileva account credentials are issued by Maileva and rotated from the operator's Maileva account, not by a Lambda.",
    );
    const settings = {
      POSTAL_MAIL_PROVIDER: 'maileva',
      MAILEVA_API_URL: endpoints.apiUrl,
      MAILEVA_TOKEN_URL: endpoints.tokenUrl,
    };
    for (const [name, value] of Object.entries(settings)) props.sendFunction.addEnvironment(name, value);
    props.sendFunction.bindSecret('MAILEVA_SECRET_ARN', this.secret);

    this.trackingFunction = new BaseFunction(scope, 'PostalTrackingFunction', {
      entry: 'functions/postal-tracking/handler.ts',
      description: 'Polls registered letters and keeps their proofs of delivery or return',
      // The provider's adapter is a lazy module of the send function too (functions/postal/config.ts).
      lazyModules: ['functions/postal/maileva-provider.ts'],
      timeout: Duration.minutes(5),
      environment: settings,
    })
      .bindTable(props.table, 'readWrite')
      .bindInvoicesBucket(props.invoicesBucket, { read: true, writePrefixes: ['letters/'] })
      .bindSecret('MAILEVA_SECRET_ARN', this.secret);

    const schedulerRole = new Role(this, 'TrackingSchedulerRole', {
      assumedBy: new ServicePrincipal('scheduler.amazonaws.com'),
      description: 'Relance: lets EventBridge Scheduler invoke the registered-letter tracking function',
    });
    this.schedule = new Schedule(this, 'TrackingSchedule', {
      description: 'Relance: polls travelling registered letters',
      schedule: ScheduleExpression.rate(props.pollEvery ?? Duration.hours(6)),
      target: new LambdaInvoke(this.trackingFunction, { role: schedulerRole, retryAttempts: 2 }),
    });
    acknowledgeNag(
      schedulerRole,
      wildcardResourceFinding(schedulerRole, `${this.trackingFunction.functionArn}:*`),
      "EventBridge Scheduler's Lambda target grants InvokeFunction on the function and its versions (`<arn>:*`): the role can invoke this one function only.",
    );
  }
}
