import { createHash } from 'node:crypto';

/** A file attached to an email (always a PDF here). */
export interface EmailAttachment {
  readonly fileName: string;
  readonly bytes: Uint8Array;
}

/** One email as every sender of the product builds it: customer messages, seller alerts, reply notices. */
export interface OutgoingEmail {
  readonly from: string;
  readonly to: readonly string[];
  readonly cc?: readonly string[];
  readonly replyTo: string;
  readonly subject: string;
  readonly html: string;
  readonly text: string;
  readonly attachments?: readonly EmailAttachment[];
  /** Tagged on the message: the SES events name the invoice and the step through these tags. */
  readonly invoiceId: string;
  readonly step: string;
}

/**
 * The mailer port: sends one email and answers its message id. The SES adapter (`SesMailer`,
 * functions/shared/ses-mailer.ts) throws `SendRateLimitedError`, `TransientSendError` or
 * `SendRejectedError` when nothing went out; the unit tests give a list.
 */
export interface MailerPort {
  send(email: OutgoingEmail): Promise<string>;
}

/** An email as sent, kept for the evidence bundle (`evidence/<invoiceId>/<step>-<messageId>.json`). */
export interface SentEmailCopy {
  readonly invoiceId: string;
  /** The SES `step` tag (a message step, `seller_alert_<kind>`…). */
  readonly step: string;
  readonly messageId: string;
  readonly sentAt: string;
  readonly from: string;
  readonly replyTo: string;
  readonly to: readonly string[];
  readonly cc: readonly string[];
  readonly subject: string;
  readonly html: string;
  readonly text: string;
  readonly attachments: readonly { fileName: string; bytes: number; sha256: string }[];
}

/** The evidence copy of a sent email: its content, and each attachment by size and SHA-256. */
export function sentCopy(email: OutgoingEmail, messageId: string, sentAt: string): SentEmailCopy {
  return {
    invoiceId: email.invoiceId,
    step: email.step,
    messageId,
    sentAt,
    from: email.from,
    replyTo: email.replyTo,
    to: email.to,
    cc: email.cc ?? [],
    subject: email.subject,
    html: email.html,
    text: email.text,
    attachments: (email.attachments ?? []).map((a) => ({
      fileName: a.fileName,
      bytes: a.bytes.length,
      sha256: createHash('sha256').update(a.bytes).digest('hex'),
    })),
  };
}

/** Where the evidence copy of a sent email is kept. */
export function evidenceKey(invoiceId: string, step: string, messageId: string): string {
  return `evidence/${invoiceId}/${step}-${messageId}.json`;
}
