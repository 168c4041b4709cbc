import { Duration, Stack, Token } from 'aws-cdk-lib';
import { EventBus, Rule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { Grant, type IGrantable } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import {
  ConfigurationSet,
  EmailIdentity,
  EmailSendingEvent,
  EventDestination,
  Identity,
  SuppressionReasons,
} from 'aws-cdk-lib/aws-ses';
import { Construct } from 'constructs';
import { InvalidConfigurationError } from './errors';

/** The SES events Relance reacts to (EventBridge detail-types of the matching SES event types). */
// No "Email Sent": the send function records each send itself (message id, evidence); the event would
// only cost an invocation and two writes per email.
export const SES_EVENT_DETAIL_TYPES = [
  'Email Delivered',
  'Email Bounced',
  'Email Complaint Received',
  'Email Rejected',
] as const;

const DOMAIN_PATTERN = /^(?=.{4,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;

export interface MailerProps {
  /** The domain emails are sent from (e.g. `atelier-dupont.fr`); SES verifies it with Easy DKIM. */
  readonly senderDomain: string;
  /**
   * The function that receives the SES send/delivery/bounce/complaint/reject events.
   * @default - none; call `routeEventsTo` later
   */
  readonly eventsHandler?: IFunction;
}

/**
 * Email sending through SES v2: the sender domain identity (Easy DKIM), a configuration set with
 * reputation metrics and account-level suppression of bounces and complaints, its events published to
 * the default EventBridge bus, and a rule that routes them (for this configuration set only) to a function.
 */
export class Mailer extends Construct {
  /** The SES domain identity. */
  public readonly identity: EmailIdentity;
  /** The configuration set every message is sent with. */
  public readonly configurationSet: ConfigurationSet;
  /** ARN of the domain identity. */
  public readonly identityArn: string;
  /** ARN of the configuration set. */
  public readonly configurationSetArn: string;
  /** The EventBridge rule matching this configuration set's SES events. */
  public readonly eventsRule: Rule;
  /** The sender domain. */
  public readonly senderDomain: string;

  constructor(scope: Construct, id: string, props: MailerProps) {
    super(scope, id);
    if (!Token.isUnresolved(props.senderDomain) && !DOMAIN_PATTERN.test(props.senderDomain)) {
      throw new InvalidConfigurationError(
        `${this.node.path}: senderDomain "${props.senderDomain}" is not a domain name (expected e.g. "atelier-dupont.fr").`,
      );
    }
    this.senderDomain = props.senderDomain;

    this.configurationSet = new ConfigurationSet(this, 'ConfigurationSet', {
      reputationMetrics: true,
      sendingEnabled: true,
      suppressionReasons: SuppressionReasons.BOUNCES_AND_COMPLAINTS,
    });
    this.configurationSet.addEventDestination('ToEventBridge', {
      destination: EventDestination.eventBus(EventBus.fromEventBusName(this, 'DefaultBus', 'default')),
      events: [
        EmailSendingEvent.DELIVERY,
        EmailSendingEvent.BOUNCE,
        EmailSendingEvent.COMPLAINT,
        EmailSendingEvent.REJECT,
      ],
    });

    this.identity = new EmailIdentity(this, 'Identity', {
      identity: Identity.domain(props.senderDomain),
      configurationSet: this.configurationSet,
    });
    this.identityArn = this.identity.emailIdentityArn;
    this.configurationSetArn = Stack.of(this).formatArn({
      service: 'ses',
      resource: 'configuration-set',
      resourceName: this.configurationSet.configurationSetName,
    });

    this.eventsRule = new Rule(this, 'EventsRule', {
      description: 'SES events of the Relance configuration set',
      eventPattern: {
        source: ['aws.ses'],
        detailType: [...SES_EVENT_DETAIL_TYPES],
        detail: { mail: { tags: { 'ses:configuration-set': [this.configurationSet.configurationSetName] } } },
      },
    });
    if (props.eventsHandler) this.routeEventsTo(props.eventsHandler);
  }

  /** Sends this configuration set's SES events to `handler` (EventBridge retries for up to 6 hours). */
  public routeEventsTo(handler: IFunction): void {
    this.eventsRule.addTarget(
      new LambdaFunction(handler, { retryAttempts: 8, maxEventAge: Duration.hours(6) }),
    );
  }

  /** ses:SendEmail and ses:SendRawEmail on this identity and this configuration set only. */
  public grantSend(grantee: IGrantable): Grant {
    return Grant.addToPrincipal({
      grantee,
      actions: ['ses:SendEmail', 'ses:SendRawEmail'],
      resourceArns: [this.identityArn, this.configurationSetArn],
    });
  }
}
