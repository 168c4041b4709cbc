import { createHash } from 'node:crypto';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import * as z from 'zod/mini';
import { authorize, ROUTE_SCOPES, resolveCaller } from '../api/access';
import { INVOICE_ID_PATTERN } from '../core/ids';
import { s3Client } from '../shared/aws/s3';
import { now } from '../shared/clock';
import { loadConfig } from '../shared/config';
import { HttpError, json, problem } from '../shared/http';
import { logger } from '../shared/logger';
import { Store } from '../shared/store';
import { buildEvidenceBundle } from './bundle';
import { zipToBuffer } from './zip';

// zod/mini: this function validates only its configuration; classic zod would add 430 KB to its bundle.
const config = loadConfig({
  TABLE_NAME: z.string().check(z.minLength(1)),
  INVOICES_BUCKET: z.string().check(z.minLength(1)),
  OPERATOR_KEY_ID: z.string().check(z.minLength(1)),
});
const ROUTE = 'GET /invoices/{invoiceId}/evidence';
const store = new Store(config.TABLE_NAME);

/**
 * Largest bundle answered in the response body. Lambda's synchronous response is limited to 6 MB and
 * the ZIP travels base64-encoded (4/3 larger): 4 MB of ZIP is about 5.4 MB on the wire.
 */
export const INLINE_MAX_BYTES = 4 * 1024 * 1024;
/** Life of the presigned URL of a stored bundle (the object itself expires after a day). */
export const PRESIGNED_URL_SECONDS = 15 * 60;

const DELIVERY_MODES = new Set(['auto', 'url']);

function parseQuery(event: APIGatewayProxyEvent): { delivery: 'auto' | 'url' } {
  const query = event.queryStringParameters ?? {};
  const unknown = Object.keys(query).filter((name) => name !== 'delivery');
  const delivery = query.delivery ?? 'auto';
  const issues = [
    ...unknown.map((name) => ({ path: name, message: 'unknown query parameter' })),
    ...(DELIVERY_MODES.has(delivery) ? [] : [{ path: 'delivery', message: 'must be "auto" or "url"' }]),
  ];
  if (issues.length > 0) throw new HttpError(400, 'Invalid request', 'The query is not valid.', issues);
  return { delivery: delivery as 'auto' | 'url' };
}

/**
 * `GET /invoices/{invoiceId}/evidence`: the evidence bundle as a ZIP. Small bundles are the response
 * body (`200 application/zip`); larger ones, or any with `delivery=url`, are stored under `bundles/`
 * and answered `303` with a presigned URL (docs/evidence.md describes the contract).
 */
export const handler = async (event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> => {
  try {
    const invoiceId = event.pathParameters?.invoiceId ?? '';
    if (!INVOICE_ID_PATTERN.test(invoiceId))
      throw new HttpError(404, 'Not found', `Invoice ${invoiceId} does not exist.`);
    // Tenants: a seller key reaches only its sellers' invoices (404 otherwise), as on every route.
    const caller = await resolveCaller(event, store, config.OPERATOR_KEY_ID);
    await authorize({ scope: ROUTE_SCOPES[ROUTE], caller, event, params: { invoiceId }, store });
    const { delivery } = parseQuery(event);
    const invoice = await store.getInvoice(invoiceId);
    if (!invoice) throw new HttpError(404, 'Not found', `Invoice ${invoiceId} does not exist.`);
    const sellerRecord = await store.getSeller(invoice.sellerId);
    if (!sellerRecord) throw new HttpError(404, 'Not found', `Invoice ${invoiceId} does not exist.`);

    const bundle = await buildEvidenceBundle(
      { store, bucketName: config.INVOICES_BUCKET, now },
      invoice,
      sellerRecord.profile,
    );
    const zip = await zipToBuffer(bundle.entries, bundle.generatedAt);
    const sha256 = createHash('sha256').update(zip).digest('hex');
    const fileName = `evidence-${invoice.number.replace(/[^A-Za-z0-9._-]+/g, '_')}-${bundle.generatedAt.toISOString().slice(0, 10)}.zip`;
    logger.info('Evidence bundle built', { invoiceId, files: bundle.entries.length, bytes: zip.length });

    if (delivery === 'auto' && zip.length <= INLINE_MAX_BYTES) {
      return {
        statusCode: 200,
        headers: {
          'content-type': 'application/zip',
          'content-disposition': `attachment; filename="${fileName}"`,
          'x-evidence-sha256': sha256,
          'cache-control': 'no-store',
        },
        body: zip.toString('base64'),
        isBase64Encoded: true,
      };
    }

    const key = `bundles/${invoiceId}/${bundle.generatedAt.getTime()}-${sha256.slice(0, 12)}.zip`;
    const s3 = s3Client();
    await s3.send(
      new PutObjectCommand({
        Bucket: config.INVOICES_BUCKET,
        Key: key,
        Body: zip,
        ContentType: 'application/zip',
      }),
    );
    // Signed with the real time: S3 checks the signature's date against its own clock.
    const url = await getSignedUrl(
      s3,
      new GetObjectCommand({
        Bucket: config.INVOICES_BUCKET,
        Key: key,
        ResponseContentDisposition: `attachment; filename="${fileName}"`,
      }),
      { expiresIn: PRESIGNED_URL_SECONDS },
    );
    const expiresAt = new Date(Date.now() + PRESIGNED_URL_SECONDS * 1000).toISOString();
    return json(
      303,
      { url, expiresAt, bytes: zip.length, sha256 },
      { location: url, 'x-evidence-sha256': sha256 },
    );
  } catch (error) {
    if (error instanceof HttpError) return problem(error.status, error.title, error.message, error.issues);
    logger.error('Evidence bundle failed', { error: error as Error });
    return problem(
      500,
      'Internal error',
      'Something went wrong on our side; the request can be retried safely.',
    );
  }
};
