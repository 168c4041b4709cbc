import { PutObjectCommand } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { s3Client } from '../shared/aws/s3';

/**
 * Presigns the PUT of `POST /uploads`. Loaded on first use only (BaseFunction `lazyModules`,
 * `upload-signer.mjs` next to `index.mjs`): the presigner stays out of the API function's cold start.
 * Content type and length are signed headers, so S3 refuses a body of another type or size.
 */
export async function presignPut(request: {
  readonly bucket: string;
  readonly key: string;
  readonly contentType: string;
  readonly contentLength: number;
  readonly expiresInSeconds: number;
}): Promise<string> {
  return getSignedUrl(
    s3Client(),
    new PutObjectCommand({
      Bucket: request.bucket,
      Key: request.key,
      ContentType: request.contentType,
      ContentLength: request.contentLength,
    }),
    { expiresIn: request.expiresInSeconds, signableHeaders: new Set(['content-type', 'content-length']) },
  );
}
