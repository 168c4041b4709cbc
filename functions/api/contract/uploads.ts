import * as z from 'zod';
import { sellerId } from '../../core/schemas';
import { MAX_UPLOAD_BYTES, UPLOAD_URL_TTL_SECONDS } from '../../core/uploads';
import { defineOperation, json } from './operation';

/** `POST /uploads` (docs/uploads.md): a presigned PUT for a PDF too large to send inline. */

export const uploadRequestSchema = z.strictObject({
  sellerId,
  contentType: z.literal('application/pdf').meta({ description: 'Only PDFs: the type is signed' }),
  contentLength: z
    .int()
    .min(5)
    .max(MAX_UPLOAD_BYTES, `must be at most ${MAX_UPLOAD_BYTES} bytes (10 MiB)`)
    .meta({
      description: 'The exact size of the file in bytes: it is signed, S3 refuses a body of another size',
    }),
});

export const uploadSchema = z.object({
  s3Key: z
    .string()
    .meta({ description: 'Pass it as `pdf.s3Key` to POST /invoices once the file is uploaded' }),
  uploadUrl: z.string().meta({ description: 'Presigned URL: PUT the file there with exactly `headers`' }),
  method: z.literal('PUT'),
  headers: z
    .object({ 'content-type': z.literal('application/pdf'), 'content-length': z.string() })
    .meta({ description: 'Send exactly these headers with the PUT: both are part of the signature' }),
  expiresAt: z.iso.datetime({ offset: true }),
});

export type UploadRequest = z.output<typeof uploadRequestSchema>;
export type Upload = z.output<typeof uploadSchema>;

const uploadExample = {
  s3Key: 'uploads/atelier-dupont/0f3c2a9e-5b1d-4c7e-9a60-2f8d1e4b7c55.pdf',
  uploadUrl:
    'https://relance-invoices-123456789012.s3.eu-west-3.amazonaws.com/uploads/atelier-dupont/0f3c2a9e-5b1d-4c7e-9a60-2f8d1e4b7c55.pdf?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Expires=900&X-Amz-SignedHeaders=content-length%3Bcontent-type%3Bhost&X-Amz-Signature=…',
  method: 'PUT',
  headers: { 'content-type': 'application/pdf', 'content-length': '6291456' },
  expiresAt: '2026-11-21T09:15:00.000Z',
} as const;

export const createUpload = defineOperation({
  method: 'POST',
  path: '/uploads',
  operationId: 'createUpload',
  tags: ['Uploads'],
  summary: 'Upload URL for a large invoice PDF',
  description: `For PDFs over 4 MB (at most 10 MiB): answers a presigned URL, valid ${UPLOAD_URL_TTL_SECONDS / 60} minutes, to PUT the file straight to storage with the given headers (type and exact size are part of the signature), and the \`s3Key\` to send as \`pdf.s3Key\` to POST /invoices. The key belongs to the seller: another seller's invoice cannot reference it.`,
  target: 'api',
  auth: 'apiKey',
  requestBody: {
    required: true,
    content: json(uploadRequestSchema, {
      sellerId: 'atelier-dupont',
      contentType: 'application/pdf',
      contentLength: 6291456,
    }),
  },
  responses: { 201: { description: 'Upload URL created', content: json(uploadSchema, uploadExample) } },
  problems: [400],
});
