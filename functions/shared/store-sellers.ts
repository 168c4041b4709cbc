import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Seller } from '../core/schemas';
import { SideItems } from './store-items';
import { keys } from './store-keys';
import { withoutKeys } from './store-table';
import type { ApiKeyRecord, SellerRecord } from './store-types';

/**
 * Profiles stored before the legal rules of docs/domain.md carry fields that are gone (a configurable
 * indemnity, an escalation offset) and lack new defaulted ones: read them as today's shape.
 */
function upgradeStoredProfile(profile: Seller): Seller {
  const { recoveryIndemnityMinor: _indemnity, ...rest } = profile as Seller & {
    recoveryIndemnityMinor?: number;
  };
  const { escalation: _escalation, ...cadence } = rest.cadence as Seller['cadence'] & { escalation?: number };
  return {
    ...rest,
    afterPrincipalPaid: rest.afterPrincipalPaid ?? 'waive',
    consolidate: rest.consolidate ?? true,
    cadence: { ...cadence, noticeDeadlineDays: cadence.noticeDeadlineDays ?? 8 },
  };
}

/** Sellers, their webhook secrets, API key scopes and idempotency keys: the items beside the invoices' own. */
export class SellerItems extends SideItems {
  async getSeller(sellerId: string): Promise<SellerRecord | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: keys.seller(sellerId), ConsistentRead: true }),
    );
    if (!Item) return undefined;
    const record = withoutKeys<SellerRecord>(Item);
    return { ...record, profile: upgradeStoredProfile(record.profile) };
  }

  /** Creates or replaces a seller profile; tells which it was. */
  async putSeller(sellerId: string, profile: Seller, now: string): Promise<{ created: boolean }> {
    const { Attributes } = await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.seller(sellerId),
        UpdateExpression:
          'SET sellerId = :id, profile = :profile, updatedAt = :now, createdAt = if_not_exists(createdAt, :now), gsi1pk = :listPk, gsi1sk = :listSk',
        ExpressionAttributeValues: {
          ':id': sellerId,
          ':profile': profile,
          ':now': now,
          ':listPk': keys.sellerList(sellerId).gsi1pk,
          ':listSk': keys.sellerList(sellerId).gsi1sk,
        },
        ReturnValues: 'UPDATED_OLD',
      }),
    );
    return { created: Attributes?.createdAt === undefined };
  }

  /** Sets a seller's webhook secret; the previous one stays valid until the next rotation. */
  async rotateWebhookSecret(sellerId: string, secret: string, now: string): Promise<void> {
    await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.webhookSecret(sellerId),
        UpdateExpression:
          'SET previous = if_not_exists(#current, :none), #current = :secret, rotatedAt = :now',
        ExpressionAttributeNames: { '#current': 'current' },
        ExpressionAttributeValues: { ':secret': secret, ':none': '', ':now': now },
      }),
    );
  }

  async getWebhookSecrets(sellerId: string): Promise<string[]> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: keys.webhookSecret(sellerId), ConsistentRead: true }),
    );
    return [Item?.current, Item?.previous].filter(
      (value): value is string => typeof value === 'string' && value !== '',
    );
  }

  /**
   * Takes an idempotency key for a first attempt (an in-progress marker, by conditional write);
   * false when the key is held or answered already and not expired.
   */
  async claimIdempotencyKey(hash: string, requestHash: string, nowSeconds: number, holdSeconds: number) {
    const output = await this.unlessConditionFails(() =>
      this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...keys.idempotency(hash),
            state: 'in_progress',
            requestHash,
            expiresAt: nowSeconds + holdSeconds,
          },
          ConditionExpression: 'attribute_not_exists(pk) OR expiresAt <= :now',
          ExpressionAttributeValues: { ':now': nowSeconds },
        }),
      ),
    );
    return output !== undefined;
  }

  async getIdempotencyRecord(
    hash: string,
  ): Promise<{ state?: string; requestHash?: string; response?: Record<string, unknown> } | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: keys.idempotency(hash), ConsistentRead: true }),
    );
    return Item;
  }

  /** Stores the response of the attempt that holds the key, to be replayed until `expiresAt`. */
  async completeIdempotencyKey(hash: string, response: unknown, expiresAt: number): Promise<void> {
    await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.idempotency(hash),
        UpdateExpression: 'SET #state = :done, #response = :response, expiresAt = :expiresAt',
        ExpressionAttributeNames: { '#state': 'state', '#response': 'response' },
        ExpressionAttributeValues: { ':done': 'done', ':response': response, ':expiresAt': expiresAt },
      }),
    );
  }

  /** Frees a key whose attempt failed, so that the client's retry runs. */
  async releaseIdempotencyKey(hash: string): Promise<void> {
    await this.db.send(new DeleteCommand({ TableName: this.tableName, Key: keys.idempotency(hash) }));
  }

  async getApiKey(keyId: string): Promise<ApiKeyRecord | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: keys.apiKey(keyId), ConsistentRead: true }),
    );
    return Item ? withoutKeys<ApiKeyRecord>(Item) : undefined;
  }

  async putApiKey(record: ApiKeyRecord): Promise<void> {
    await this.db.send(
      new PutCommand({ TableName: this.tableName, Item: { ...keys.apiKey(record.keyId), ...record } }),
    );
  }

  /** Removes a key's scope; false when there was none. */
  async deleteApiKey(keyId: string): Promise<boolean> {
    const { Attributes } = await this.db.send(
      new DeleteCommand({ TableName: this.tableName, Key: keys.apiKey(keyId), ReturnValues: 'ALL_OLD' }),
    );
    return Attributes !== undefined;
  }

  async listApiKeys(): Promise<ApiKeyRecord[]> {
    const records: ApiKeyRecord[] = [];
    for await (const item of this.queryAll({
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.apiKey('').pk },
      ConsistentRead: true,
    }))
      records.push(withoutKeys<ApiKeyRecord>(item));
    return records;
  }

  /** Every seller, page by page through the seller list of the `bySeller` index (Query only). */
  async *sellers(): AsyncGenerator<SellerRecord> {
    for await (const item of this.queryAll({
      IndexName: 'bySeller',
      KeyConditionExpression: 'gsi1pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.sellerList('').gsi1pk },
    }))
      yield withoutKeys<SellerRecord>(item);
  }
}
