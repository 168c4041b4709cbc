import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { dynamoClient } from '../shared/aws/dynamo';
import { loadConfig } from '../shared/config';
import { logger } from '../shared/logger';
import { putMetric } from '../shared/metrics';
import { isConditionFailure, keys, Store } from '../shared/store';

const config = loadConfig({ TABLE_NAME: z.string().min(1) });
const store = new Store(config.TABLE_NAME);

/** The part of an SES event (EventBridge "SES Email …" detail) that we read. */
const sesEventSchema = z.object({
  detail: z.object({
    eventType: z.string(),
    mail: z.object({
      messageId: z.string(),
      timestamp: z.string().optional(),
      tags: z.record(z.string(), z.array(z.string())).optional(),
    }),
    bounce: z.object({ bounceType: z.string(), timestamp: z.string().optional() }).optional(),
    complaint: z.object({ timestamp: z.string().optional() }).optional(),
    delivery: z
      .object({
        timestamp: z.string().optional(),
        recipients: z.array(z.string()).optional(),
        smtpResponse: z.string().optional(),
        reportingMTA: z.string().optional(),
      })
      .optional(),
  }),
  time: z.string().optional(),
});

const UNDELIVERABLE = new Set(['Bounce', 'Complaint', 'Reject']);

/** SES delivery events → invoice timeline; a hard bounce or a complaint flags the invoice `undeliverable`. */
export const handler = async (payload: unknown) => {
  const parsed = sesEventSchema.safeParse(payload);
  if (!parsed.success) {
    logger.warn('Ignoring an event that is not an SES event');
    return { recorded: false };
  }
  const { detail } = parsed.data;
  const invoiceId = detail.mail.tags?.invoiceId?.[0];
  const step = detail.mail.tags?.step?.[0];
  if (!invoiceId) return { recorded: false };
  const at =
    detail.bounce?.timestamp ??
    detail.complaint?.timestamp ??
    detail.delivery?.timestamp ??
    parsed.data.time ??
    new Date().toISOString();
  const permanent = detail.eventType !== 'Bounce' || detail.bounce?.bounceType === 'Permanent';
  await store.appendEvent(invoiceId, {
    at,
    type: `email_${detail.eventType.toLowerCase()}`,
    step,
    messageId: detail.mail.messageId,
    ...(detail.bounce ? { bounceType: detail.bounce.bounceType } : {}),
    // The receiving server's answer is the proof of delivery kept in the evidence bundle.
    ...(detail.delivery?.smtpResponse ? { smtpResponse: detail.delivery.smtpResponse } : {}),
    ...(detail.delivery?.reportingMTA ? { reportingMTA: detail.delivery.reportingMTA } : {}),
    ...(detail.delivery?.recipients ? { recipients: detail.delivery.recipients.length } : {}),
  });
  if (UNDELIVERABLE.has(detail.eventType) && permanent) {
    try {
      await dynamoClient().send(
        new UpdateCommand({
          TableName: store.tableName,
          Key: keys.invoice(invoiceId),
          UpdateExpression: 'SET flags.undeliverable = :at',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: { ':at': at },
        }),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
    putMetric('UndeliverableEmails', { eventType: detail.eventType }, 1);
  }
  return { recorded: true };
};
