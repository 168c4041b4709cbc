import { createHash } from 'node:crypto';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { dynamoClient } from '../shared/aws/dynamo';
import { HttpError, header, rawBody } from '../shared/http';
import { isConditionFailure, type Store } from '../shared/store';

/** Stored responses are replayed for 24 hours (the item carries `expiresAt` for DynamoDB TTL). */
const RETENTION_SECONDS = 24 * 3600;
const KEY_PATTERN = /^[A-Za-z0-9_.:-]{1,255}$/;

/**
 * Optional `Idempotency-Key` on POST routes: the same key with the same request replays the stored
 * response; the same key with a different request is a 422. Keys are scoped to the caller's API key.
 * The operations behind are idempotent themselves (deterministic invoice ids, payment ids), so two
 * concurrent first attempts are safe: the second one stores nothing and answers like the first.
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
  const itemKey = {
    pk: `IDEMPOTENCY#${createHash('sha256').update(`${caller}\n${key}`).digest('hex')}`,
    sk: 'IDEMPOTENCY',
  };
  const requestHash = createHash('sha256')
    .update(`${event.httpMethod} ${event.path}\n${rawBody(event)}`)
    .digest('hex');

  const { Item } = await dynamoClient().send(
    new GetCommand({ TableName: store.tableName, Key: itemKey, ConsistentRead: true }),
  );
  const nowSeconds = Math.floor(now().getTime() / 1000);
  if (Item && (Item.expiresAt as number) > nowSeconds) {
    if (Item.requestHash !== requestHash) {
      throw new HttpError(
        422,
        'Idempotency key reused',
        'This Idempotency-Key was used with a different request.',
      );
    }
    return {
      ...(Item.response as APIGatewayProxyResult),
      headers: { ...(Item.response.headers ?? {}), 'idempotent-replayed': 'true' },
    };
  }

  const response = await run();
  if (response.statusCode < 500) {
    try {
      await dynamoClient().send(
        new PutCommand({
          TableName: store.tableName,
          Item: { ...itemKey, requestHash, response, expiresAt: nowSeconds + RETENTION_SECONDS },
          ConditionExpression: 'attribute_not_exists(pk) OR expiresAt <= :now',
          ExpressionAttributeValues: { ':now': nowSeconds },
        }),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  }
  return response;
}
