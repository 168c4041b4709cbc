import { PutObjectCommand } from '@aws-sdk/client-s3';
import { s3Client } from './aws/s3';
import { evidenceKey, type SentEmailCopy } from './mailer';

/**
 * Keeps a seller alert as sent, next to the customer messages' copies
 * (`evidence/<invoiceId>/<step>-<messageId>.json`), for the evidence bundle.
 */
export function evidenceCopyKeeper(bucketName: string): (copy: SentEmailCopy) => Promise<string> {
  return async (copy) => {
    const key = evidenceKey(copy.invoiceId, copy.step, copy.messageId);
    await s3Client().send(
      new PutObjectCommand({
        Bucket: bucketName,
        Key: key,
        ContentType: 'application/json',
        Body: JSON.stringify(copy),
      }),
    );
    return key;
  };
}
