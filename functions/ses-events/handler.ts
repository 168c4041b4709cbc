import * as z from 'zod';
import { undeliverableCause } from '../core/undeliverable';
import { now } from '../shared/clock';
import { loadConfig } from '../shared/config';
import { logger } from '../shared/logger';
import { putMetric } from '../shared/metrics';
import { onDemandSesMailer } from '../shared/on-demand';
import { Store } from '../shared/store';
import { recordDeliveryFailure } from '../shared/undeliverable';

const config = loadConfig({ TABLE_NAME: z.string().min(1), SES_CONFIGURATION_SET: z.string().min(1) });
const store = new Store(config.TABLE_NAME);
// Only an undeliverable address mails the seller: the SES client loads with the first such alert.
const alertMailer = onDemandSesMailer(config.SES_CONFIGURATION_SET);

/** The part of an SES event (EventBridge "SES Email …" detail) that we read. */
const sesEventSchema = z.object({
  detail: z.object({
    eventType: z.string(),
    mail: z.object({
      messageId: z.string(),
      timestamp: z.string().optional(),
      tags: z.record(z.string(), z.array(z.string())).optional(),
    }),
    bounce: z
      .object({
        bounceType: z.string(),
        timestamp: z.string().optional(),
        bouncedRecipients: z.array(z.object({ emailAddress: z.string() })).optional(),
      })
      .optional(),
    complaint: z
      .object({
        timestamp: z.string().optional(),
        complainedRecipients: z.array(z.object({ emailAddress: z.string() })).optional(),
      })
      .optional(),
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

/** SES delivery events → invoice timeline; an undeliverable customer address flags the invoice and alerts the seller. */
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
  const cause = undeliverableCause(detail.eventType, detail.bounce?.bounceType);
  if (cause) {
    putMetric('UndeliverableEmails', { eventType: detail.eventType }, 1);
    const recipients = [
      ...(detail.bounce?.bouncedRecipients ?? []),
      ...(detail.complaint?.complainedRecipients ?? []),
    ].map((recipient) => recipient.emailAddress);
    await recordDeliveryFailure({ store, mailer: alertMailer, now }, invoiceId, {
      cause,
      at,
      messageId: detail.mail.messageId,
      ...(step ? { step } : {}),
      ...(recipients.length > 0 ? { recipients } : {}),
    });
  }
  return { recorded: true };
};
