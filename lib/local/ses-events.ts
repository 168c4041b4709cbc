import { randomUUID } from 'node:crypto';
import type { SentEmail } from './mailbox';

/** SES event types (as in configuration set destinations) and their EventBridge detail-types. */
const DETAIL_TYPES: Readonly<Record<string, string>> = {
  send: 'Email Sent',
  delivery: 'Email Delivered',
  bounce: 'Email Bounced',
  complaint: 'Email Complaint Received',
  reject: 'Email Rejected',
};

const EVENT_TYPE_NAMES: Readonly<Record<string, string>> = {
  send: 'Send',
  delivery: 'Delivery',
  bounce: 'Bounce',
  complaint: 'Complaint',
  reject: 'Reject',
};

/** What the SES mailbox simulator does with a recipient (`bounce@simulator.amazonses.com`, labels allowed). */
export function simulatorOutcome(address: string): 'delivery' | 'bounce' | 'complaint' | 'suppressed' {
  const match = /^([a-z]+)(\+[^@]*)?@simulator\.amazonses\.com$/i.exec(
    address.trim().replace(/^.*<|>$/g, ''),
  );
  switch (match?.[1]?.toLowerCase()) {
    case 'bounce':
      return 'bounce';
    case 'complaint':
      return 'complaint';
    case 'suppressionlist':
      return 'suppressed';
    default:
      return 'delivery';
  }
}

export interface EventBridgeEvent {
  readonly version: '0';
  readonly id: string;
  readonly 'detail-type': string;
  readonly source: 'aws.ses';
  readonly account: string;
  readonly time: string;
  readonly region: string;
  readonly resources: string[];
  readonly detail: Record<string, unknown>;
}

/**
 * The SES events AWS would publish to EventBridge for one sent email, restricted to the event types
 * of its configuration set's EventBridge destination: Send, then per recipient Delivery, Bounce
 * (`bounce@…`, `suppressionlist@…`) or Delivery + Complaint (`complaint@…`).
 */
export function sesEventsFor(
  email: SentEmail,
  options: { region: string; accountId: string; eventTypes: ReadonlySet<string> },
): EventBridgeEvent[] {
  const { region, accountId, eventTypes } = options;
  const at = email.at.toISOString();
  const recipients = [...email.to, ...email.cc, ...email.bcc];
  const fromDomain = email.from.replace(/^.*@/, '').replace(/>$/, '');
  const tags: Record<string, string[]> = {
    'ses:source-ip': ['127.0.0.1'],
    'ses:from-domain': [fromDomain],
    'ses:caller-identity': ['relance-local'],
    ...Object.fromEntries(Object.entries(email.tags).map(([name, value]) => [name, [value]])),
  };
  if (email.configurationSetName) tags['ses:configuration-set'] = [email.configurationSetName];
  const mail = {
    timestamp: at,
    source: email.from,
    sourceArn: `arn:aws:ses:${region}:${accountId}:identity/${fromDomain}`,
    sendingAccountId: accountId,
    messageId: email.messageId,
    destination: recipients,
    headersTruncated: false,
    headers: email.headers,
    commonHeaders: {
      from: [email.from],
      to: [...email.to],
      messageId: email.messageId,
      subject: email.subject,
    },
    tags,
  };
  const resources = email.configurationSetName
    ? [`arn:aws:ses:${region}:${accountId}:configuration-set/${email.configurationSetName}`]
    : [];
  const event = (type: string, body: Record<string, unknown>): EventBridgeEvent => ({
    version: '0',
    id: randomUUID(),
    'detail-type': DETAIL_TYPES[type] as string,
    source: 'aws.ses',
    account: accountId,
    time: at,
    region,
    resources,
    detail: { eventType: EVENT_TYPE_NAMES[type], mail, ...body },
  });

  const delivered = recipients.filter((r) => ['delivery', 'complaint'].includes(simulatorOutcome(r)));
  const bounced = recipients.filter((r) => ['bounce', 'suppressed'].includes(simulatorOutcome(r)));
  const complained = recipients.filter((r) => simulatorOutcome(r) === 'complaint');
  const events: EventBridgeEvent[] = [event('send', { send: {} })];
  if (delivered.length > 0) {
    events.push(
      event('delivery', {
        delivery: {
          timestamp: at,
          processingTimeMillis: 320,
          recipients: delivered,
          smtpResponse: '250 2.6.0 Message received',
          reportingMTA: 'a1-2.smtp-out.eu-west-3.amazonses.com',
        },
      }),
    );
  }
  if (bounced.length > 0) {
    const suppressed = bounced.every((r) => simulatorOutcome(r) === 'suppressed');
    events.push(
      event('bounce', {
        bounce: {
          feedbackId: `${randomUUID()}-000000`,
          bounceType: 'Permanent',
          bounceSubType: suppressed ? 'OnAccountSuppressionList' : 'General',
          bouncedRecipients: bounced.map((emailAddress) => ({
            emailAddress,
            action: 'failed',
            status: '5.1.1',
            diagnosticCode: 'smtp; 550 5.1.1 user unknown',
          })),
          timestamp: at,
          reportingMTA: 'dns; amazonses.com',
        },
      }),
    );
  }
  if (complained.length > 0) {
    events.push(
      event('complaint', {
        complaint: {
          feedbackId: `${randomUUID()}-000000`,
          complaintSubType: null,
          complainedRecipients: complained.map((emailAddress) => ({ emailAddress })),
          timestamp: at,
          userAgent: 'Amazon SES Mailbox Simulator',
          complaintFeedbackType: 'abuse',
          arrivalDate: at,
        },
      }),
    );
  }
  return events.filter((item) => eventTypes.has(String(item.detail.eventType).toLowerCase()));
}

function matchesRule(rule: unknown, value: unknown): boolean {
  if (rule === null || typeof rule !== 'object') return rule === value;
  const operator = rule as Record<string, unknown>;
  if ('exists' in operator) return (value !== undefined) === operator.exists;
  if (value === undefined) return false;
  if ('prefix' in operator) return typeof value === 'string' && value.startsWith(String(operator.prefix));
  if ('suffix' in operator) return typeof value === 'string' && value.endsWith(String(operator.suffix));
  if ('equals-ignore-case' in operator) {
    return (
      typeof value === 'string' &&
      value.toLowerCase() === String(operator['equals-ignore-case']).toLowerCase()
    );
  }
  if ('anything-but' in operator) {
    const excluded = operator['anything-but'];
    return Array.isArray(excluded)
      ? !excluded.some((item) => matchesRule(item, value))
      : !matchesRule(excluded, value);
  }
  return false;
}

/** EventBridge pattern matching (values, prefix, suffix, exists, anything-but, equals-ignore-case). */
export function matchesPattern(pattern: Record<string, unknown>, event: unknown): boolean {
  for (const [key, expected] of Object.entries(pattern)) {
    const value =
      event !== null && typeof event === 'object' ? (event as Record<string, unknown>)[key] : undefined;
    if (Array.isArray(expected)) {
      const values = Array.isArray(value) ? value : [value];
      const matched = expected.some((rule) => values.some((item) => matchesRule(rule, item)));
      const absentOk = value === undefined && expected.some((rule) => matchesRule(rule, undefined));
      if (!matched && !absentOk) return false;
    } else if (expected !== null && typeof expected === 'object') {
      if (!matchesPattern(expected as Record<string, unknown>, value)) return false;
    } else {
      return false;
    }
  }
  return true;
}
