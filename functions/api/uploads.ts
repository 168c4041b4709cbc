import { randomUUID } from 'node:crypto';
import { UPLOAD_URL_TTL_SECONDS, uploadKey } from '../core/uploads';
import { HttpError } from '../shared/http';
import { lazyModule, siblingModule } from '../shared/lazy-module';
import type { Store } from '../shared/store';
import type { Upload, UploadRequest } from './contract/uploads';

export interface UploadDeps {
  readonly store: Store;
  readonly bucketName: string;
}

/** Deployed, the signer is `upload-signer.mjs` next to `index.mjs`, loaded on first use. */
const loadSigner = lazyModule(
  () => import(siblingModule(import.meta.url, 'upload-signer')) as Promise<typeof import('./upload-signer')>,
);

/**
 * `POST /uploads`: a presigned S3 PUT under the seller's upload prefix, valid UPLOAD_URL_TTL_SECONDS,
 * for exactly this content type and length.
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
  const uploadUrl = await (await loadSigner()).presignPut({
    bucket: deps.bucketName,
    key: s3Key,
    contentType: request.contentType,
    contentLength: request.contentLength,
    expiresInSeconds: UPLOAD_URL_TTL_SECONDS,
  });
  return {
    s3Key,
    uploadUrl,
    method: 'PUT',
    headers: { 'content-type': request.contentType, 'content-length': String(request.contentLength) },
    expiresAt: new Date(signedAt + UPLOAD_URL_TTL_SECONDS * 1000).toISOString(),
  };
}
