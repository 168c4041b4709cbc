import { createHash } from 'node:crypto';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { HttpError, header, rawBody } from '../shared/http';
import type { Store } from '../shared/store';

/** Stored responses are replayed for 24 hours (the item carries `expiresAt` for DynamoDB TTL). */
const RETENTION_SECONDS = 24 * 3600;
/** A first attempt holds its key this long at most (API Gateway gives up after 29 s). */
const IN_PROGRESS_SECONDS = 60;
const KEY_PATTERN = /^[A-Za-z0-9_.:-]{1,255}$/;

/**
 * Optional `Idempotency-Key` on POST routes: the same key with the same request replays the stored
 * response; the same key with a different request is a 422. Keys are scoped to the caller's API key.
 * The first attempt takes the key with a conditional write (an in-progress marker) before it runs, so
 * a concurrent duplicate gets a 409 instead of running too; the marker becomes the stored response
 * when the attempt ends, and is removed when it fails (the client may retry).
 */
export async function withIdempotency(
  store: Store,
  event: APIGatewayProxyEvent,
  now: () => Date,
  run: () => Promise<APIGatewayProxyResult>,
): Promise<APIGatewayProxyResult> {
  const key = header(event, 'idempotency-key');
  if (key === undefined) return run();
  if (!KEY_PATTERN.test(key)) {
    throw new HttpError(400, 'Invalid request', 'Invalid Idempotency-Key header.', [
      {
        path: 'Idempotency-Key',
        message: 'must be 1-255 characters among letters, digits, "_", ".", ":" and "-"',
      },
    ]);
  }
  const caller = event.requestContext?.identity?.apiKeyId ?? 'anonymous';
  const hash = createHash('sha256').update(`${caller}\n${key}`).digest('hex');
  const requestHash = createHash('sha256')
    .update(`${event.httpMethod} ${event.path}\n${rawBody(event)}`)
    .digest('hex');
  const nowSeconds = Math.floor(now().getTime() / 1000);

  if (!(await store.claimIdempotencyKey(hash, requestHash, nowSeconds, IN_PROGRESS_SECONDS))) {
    const record = await store.getIdempotencyRecord(hash);
    if (record?.requestHash !== undefined && record.requestHash !== requestHash) {
      throw new HttpError(
        422,
        'Idempotency key reused',
        'This Idempotency-Key was used with a different request.',
      );
    }
    if (record?.response === undefined || record.state === 'in_progress') {
      throw new HttpError(
        409,
        'Request in progress',
        'A request with this Idempotency-Key is still being processed; retry in a moment.',
      );
    }
    const response = record.response as unknown as APIGatewayProxyResult;
    return { ...response, headers: { ...(response.headers ?? {}), 'idempotent-replayed': 'true' } };
  }

  let response: APIGatewayProxyResult | undefined;
  try {
    response = await run();
    return response;
  } finally {
    if (response !== undefined && response.statusCode < 500) {
      await store.completeIdempotencyKey(hash, response, nowSeconds + RETENTION_SECONDS);
    } else {
      await store.releaseIdempotencyKey(hash);
    }
  }
}
