import { randomUUID } from 'node:crypto';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { UPLOAD_URL_TTL_SECONDS, uploadKey } from '../core/uploads';
import { s3Client } from '../shared/aws/s3';
import { HttpError } from '../shared/http';
import type { Store } from '../shared/store';
import type { Upload, UploadRequest } from './contract/uploads';

export interface UploadDeps {
  readonly store: Store;
  readonly bucketName: string;
}

/**
 * `POST /uploads`: a presigned S3 PUT under the seller's upload prefix. Content type and length are
 * signed headers, so S3 refuses a body of another type or size; the URL expires after
 * UPLOAD_URL_TTL_SECONDS.
 */
export async function createUpload(deps: UploadDeps, request: UploadRequest): Promise<Upload> {
  if (!(await deps.store.getSeller(request.sellerId))) {
    throw new HttpError(400, 'Invalid request', 'Unknown seller.', [
      { path: 'sellerId', message: 'no such seller: create it with PUT /sellers/{sellerId}' },
    ]);
  }
  const s3Key = uploadKey(request.sellerId, randomUUID());
  // S3 checks expiry against the signing time, the machine's real clock (even locally, where the
  // service clock is virtual).
  const signedAt = Date.now();
  const uploadUrl = await getSignedUrl(
    s3Client(),
    new PutObjectCommand({
      Bucket: deps.bucketName,
      Key: s3Key,
      ContentType: request.contentType,
      ContentLength: request.contentLength,
    }),
    { expiresIn: UPLOAD_URL_TTL_SECONDS, signableHeaders: new Set(['content-type', 'content-length']) },
  );
  return {
    s3Key,
    uploadUrl,
    method: 'PUT',
    headers: { 'content-type': request.contentType, 'content-length': String(request.contentLength) },
    expiresAt: new Date(signedAt + UPLOAD_URL_TTL_SECONDS * 1000).toISOString(),
  };
}
