import { SendEmailCommand } from '@aws-sdk/client-sesv2';
import { sesClient } from './aws/ses';
import type { MailerPort, OutgoingEmail } from './mailer';
import { SendRateLimitedError, TransientSendError } from './workflow-errors';

/** SES answered with an error that retrying will not fix (rejected message, bad identity…). */
export class SendRejectedError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'SendRejectedError';
  }
}

/** SES's answers when the account's sending rate or 24-hour quota is used up: retried for hours. */
const RATE_LIMITED_SES_ERRORS = new Set([
  'TooManyRequestsException',
  'LimitExceededException',
  'Throttling',
  'ThrottlingException',
]);

const RETRYABLE_SES_ERRORS = new Set(['InternalFailure', 'ServiceUnavailable']);

/** SES v2 behind the mailer port, with the deployment's configuration set (its events name the message). */
export class SesMailer implements MailerPort {
  constructor(private readonly configurationSet: string) {}

  async send(email: OutgoingEmail): Promise<string> {
    const cc = email.cc ?? [];
    const attachments = email.attachments ?? [];
    let messageId: string | undefined;
    try {
      const response = await sesClient().send(
        new SendEmailCommand({
          FromEmailAddress: email.from,
          Destination: { ToAddresses: [...email.to], ...(cc.length > 0 ? { CcAddresses: [...cc] } : {}) },
          ReplyToAddresses: [email.replyTo],
          ConfigurationSetName: this.configurationSet,
          EmailTags: [
            { Name: 'invoiceId', Value: email.invoiceId },
            { Name: 'step', Value: email.step },
          ],
          Content: {
            Simple: {
              Subject: { Data: email.subject, Charset: 'UTF-8' },
              Body: {
                Html: { Data: email.html, Charset: 'UTF-8' },
                Text: { Data: email.text, Charset: 'UTF-8' },
              },
              ...(attachments.length > 0
                ? {
                    Attachments: attachments.map((a) => ({
                      FileName: a.fileName,
                      RawContent: a.bytes,
                      ContentType: 'application/pdf',
                      ContentDisposition: 'ATTACHMENT',
                      ContentTransferEncoding: 'BASE64',
                    })),
                  }
                : {}),
            },
          },
        }),
      );
      messageId = response.MessageId;
      if (!messageId) throw new Error('SES returned no MessageId');
    } catch (error) {
      throw classify(error, email);
    }
    return messageId;
  }
}

/** Whether a failed send is worth retrying, and how soon (the state machine reads the error name). */
function classify(error: unknown, email: OutgoingEmail): Error {
  const name = (error as { name?: string }).name ?? 'Error';
  const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode ?? 0;
  if (RATE_LIMITED_SES_ERRORS.has(name) || status === 429) {
    return new SendRateLimitedError(`SES throttled the send (${name}); will retry`, { cause: error });
  }
  if (RETRYABLE_SES_ERRORS.has(name) || status >= 500 || status === 0) {
    return new TransientSendError(`SES send failed (${name}); will retry`, { cause: error });
  }
  return new SendRejectedError(`SES rejected the ${email.step} of ${email.invoiceId}: ${name}`, {
    cause: error,
  });
}
