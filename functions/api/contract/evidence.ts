import * as z from 'zod';
import { defineOperation, json, type ParameterSpec } from './operation';

/** `GET /invoices/{invoiceId}/evidence` (docs/evidence.md), served by the evidence function. */

const storedBundleSchema = z.object({
  url: z.string().meta({ description: 'Presigned GET URL of the stored ZIP, valid 15 minutes' }),
  expiresAt: z.iso.datetime({ offset: true }),
  bytes: z.int().min(1),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
});

export const getEvidence = (invoiceIdParameter: Record<'invoiceId', ParameterSpec>) =>
  defineOperation({
    method: 'GET',
    path: '/invoices/{invoiceId}/evidence',
    operationId: 'getEvidence',
    tags: ['Invoices'],
    summary: 'The evidence bundle (ZIP) for an injonction de payer',
    description:
      'Send `Accept: application/zip`. `manifest.json` (SHA-256 of every file), the invoice PDF as posted, every message exactly as sent with its SES delivery events, the letters and registered-mail proofs, `statement.pdf` as of today and `dossier.pdf` (the chronology). A bundle up to 4 MB is the 200 body; a larger one, or any with `delivery=url`, is stored and answered 303 with a presigned `Location` valid 15 minutes.',
    target: 'evidence',
    auth: 'apiKey',
    pathParameters: invoiceIdParameter,
    query: {
      delivery: {
        description: '`url`: always answer 303 with a presigned URL; `auto` (default): inline up to 4 MB',
        schema: z.enum(['auto', 'url']).optional(),
        example: 'auto',
      },
    },
    responses: {
      200: {
        description: 'The ZIP',
        headers: {
          'X-Evidence-Sha256': { description: 'SHA-256 of the ZIP', schema: z.string() },
          'Content-Disposition': {
            description: 'attachment; filename="evidence-<number>-<date>.zip"',
            schema: z.string(),
          },
        },
        content: {
          'application/zip': {
            schema: z.string().meta({ description: 'A ZIP archive', format: 'binary' }),
            example: 'PK…',
          },
        },
      },
      303: {
        description: 'Stored bundle: follow `Location` (presigned, 15 minutes)',
        headers: { Location: { description: 'The presigned URL', schema: z.string() } },
        content: json(storedBundleSchema, {
          url: 'https://relance-invoices-123456789012.s3.eu-west-3.amazonaws.com/bundles/inv_Qm9vdGVyLUZBLTIwMjYtMDAx/evidence.zip?X-Amz-Signature=…',
          expiresAt: '2027-01-20T12:15:00.000Z',
          bytes: 5242880,
          sha256: '9f2c8e1b7a6d5c4b3a291807f6e5d4c3b2a1908f7e6d5c4b3a2918070f6e5d4c',
        }),
      },
    },
    problems: [400, 404],
  });
