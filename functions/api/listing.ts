import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { dynamoClient } from '../shared/aws/dynamo';
import { HttpError } from '../shared/http';
import { type InvoiceView, toInvoiceView } from '../shared/invoices';
import { type InvoiceRecord, type InvoiceStatus, keys, type Store } from '../shared/store';

export interface ListRequest {
  readonly sellerId: string;
  readonly status?: InvoiceStatus;
  readonly customerId?: string;
  readonly cursor?: string;
  readonly limit: number;
}

/** A cursor is the last key of the previous page on the same index and partition, nothing else. */
function decodeCursor(
  cursor: string | undefined,
  index: { key: string; sortKey: string; value: string },
): Record<string, unknown> | undefined {
  if (cursor === undefined) return undefined;
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    const expected = ['pk', 'sk', index.key, index.sortKey].sort();
    const valid =
      value !== null &&
      typeof value === 'object' &&
      !Array.isArray(value) &&
      JSON.stringify(Object.keys(value).sort()) === JSON.stringify(expected) &&
      // An empty key attribute is refused by DynamoDB (a 500): never pass one on.
      Object.values(value).every((v) => typeof v === 'string' && v !== '') &&
      value[index.key] === index.value;
    if (valid) return value;
  } catch {
    // fall through to the 400 below
  }
  throw new HttpError(400, 'Invalid request', 'The cursor is not one this API returned.', [
    { path: 'cursor', message: 'must be a nextCursor returned by GET /invoices' },
  ]);
}

/**
 * Lists a seller's invoices through the GSI that fits the filters (by status, by customer, or all by
 * number), with an opaque cursor. A status filter combined with a customer filter is applied on the
 * customer index.
 */
export async function listInvoices(
  store: Store,
  request: ListRequest,
): Promise<{ items: InvoiceView[]; nextCursor?: string }> {
  const { sellerId, status, customerId } = request;
  const index = customerId
    ? {
        name: 'byCustomer',
        key: 'gsi2pk',
        sortKey: 'gsi2sk',
        value: keys.byCustomer(sellerId, customerId, '', '').gsi2pk,
      }
    : status
      ? {
          name: 'byStatus',
          key: 'gsi3pk',
          sortKey: 'gsi3sk',
          value: keys.byStatus(sellerId, status, '', '').gsi3pk,
        }
      : { name: 'bySeller', key: 'gsi1pk', sortKey: 'gsi1sk', value: keys.bySeller(sellerId, '').gsi1pk };
  const filterOnStatus = customerId !== undefined && status !== undefined;
  const page = await dynamoClient().send(
    new QueryCommand({
      TableName: store.tableName,
      IndexName: index.name,
      KeyConditionExpression: '#pk = :pk',
      ExpressionAttributeNames: { '#pk': index.key, ...(filterOnStatus ? { '#status': 'status' } : {}) },
      ExpressionAttributeValues: { ':pk': index.value, ...(filterOnStatus ? { ':status': status } : {}) },
      ...(filterOnStatus ? { FilterExpression: '#status = :status' } : {}),
      Limit: request.limit,
      ExclusiveStartKey: decodeCursor(request.cursor, index),
    }),
  );
  const items = (page.Items ?? []).map((item) => toInvoiceView(item as unknown as InvoiceRecord));
  const nextCursor = page.LastEvaluatedKey
    ? Buffer.from(JSON.stringify(page.LastEvaluatedKey)).toString('base64url')
    : undefined;
  return { items, ...(nextCursor ? { nextCursor } : {}) };
}
