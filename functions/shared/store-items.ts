import { DeleteCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { itemAbsent } from './conditions';
import { keys } from './store-keys';
import { StepWrites } from './store-steps';
import { expressionOf } from './store-table';

/**
 * The small items that live beside the invoices: delivered webhook events, pending execution starts,
 * seller alerts and planned limitation alerts (docs/architecture.md, "DynamoDB single table").
 */
export class SideItems extends StepWrites {
  /** Remembers a delivered payment event; false when it was seen before (a replay). */
  async rememberWebhookDelivery(provider: string, eventId: string, invoiceId: string, at: string) {
    const output = await this.unlessConditionFails(() =>
      this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...keys.webhookDelivery(provider, eventId), invoiceId, receivedAt: at },
          ...expressionOf(itemAbsent),
        }),
      ),
    );
    return output !== undefined;
  }

  /** Lists an invoice whose first execution waits for room under the open-execution quota. */
  async addPendingStart(registeredAt: string, invoiceId: string): Promise<void> {
    await this.db.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...keys.pendingStart(registeredAt, invoiceId), invoiceId },
      }),
    );
  }

  async removePendingStart(registeredAt: string, invoiceId: string): Promise<void> {
    await this.db.send(
      new DeleteCommand({ TableName: this.tableName, Key: keys.pendingStart(registeredAt, invoiceId) }),
    );
  }

  /** Pending starts, oldest registration first, page by page. */
  async *pendingStarts(): AsyncGenerator<string> {
    const marker = { ':pk': keys.pendingStart('', '').pk };
    for await (const item of this.queryAll({
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: marker,
      ConsistentRead: true,
      Limit: 100,
    }))
      yield item.invoiceId as string;
  }

  /** Plans an invoice's limitation alert on a day (idempotent). */
  async planLimitationAlert(day: string, invoiceId: string): Promise<void> {
    await this.db.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...keys.limitationAlert(day, invoiceId), invoiceId },
      }),
    );
  }

  /** The invoices whose limitation alert is planned on `day`. */
  async plannedLimitationAlerts(day: string): Promise<string[]> {
    const ids: string[] = [];
    for await (const item of this.queryAll({
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.limitationAlert(day, '').pk },
    }))
      ids.push(String(item.sk));
    return ids;
  }

  async clearLimitationAlert(day: string, invoiceId: string): Promise<void> {
    await this.db.send(
      new DeleteCommand({ TableName: this.tableName, Key: keys.limitationAlert(day, invoiceId) }),
    );
  }

  /** Claims a seller alert before it is sent; false when this alert key went out (or is going) already. */
  async claimSellerAlert(invoiceId: string, key: string, kind: string, at: string): Promise<boolean> {
    const output = await this.unlessConditionFails(() =>
      this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...keys.sellerAlert(invoiceId, key), kind, state: 'claimed', claimedAt: at },
          ...expressionOf(itemAbsent),
        }),
      ),
    );
    return output !== undefined;
  }

  /** Gives an alert claim back when SES refused it: a later attempt may send. */
  async releaseSellerAlert(invoiceId: string, key: string): Promise<void> {
    await this.db.send(
      new DeleteCommand({ TableName: this.tableName, Key: keys.sellerAlert(invoiceId, key) }),
    );
  }

  async markSellerAlertSent(invoiceId: string, key: string, messageId: string): Promise<void> {
    await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.sellerAlert(invoiceId, key),
        UpdateExpression: 'SET #state = :sent, messageId = :messageId',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: { ':sent': 'sent', ':messageId': messageId },
      }),
    );
  }
}
