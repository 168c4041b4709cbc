import { DeleteCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { limitationAlertDay } from '../core/limitation';
import { dynamoClient } from './aws/dynamo';

/**
 * The limitation alerts' plan in the table: one item per invoice under the day its alert is due
 * (`LIMITATION#<YYYY-MM-DD>` / `<invoiceId>`), written at registration. The daily job reads the
 * partitions of the last days by Query, so its cost follows the alerts due, not the invoices kept
 * (five years of them). docs/evidence.md explains why this is not a wait in the workflow.
 */
export const limitationKeys = {
  alert: (day: string, invoiceId: string) => ({ pk: `LIMITATION#${day}`, sk: invoiceId }),
};

/** Plans the alert of a newly registered invoice (idempotent); nothing once its limitation date is past. */
export async function planLimitationAlert(
  tableName: string,
  invoice: { invoiceId: string; dueDate: string; customer: { type: 'business' | 'consumer' } },
  today: string,
): Promise<void> {
  const day = limitationAlertDay(invoice.customer.type, invoice.dueDate, today);
  if (!day) return;
  await dynamoClient().send(
    new PutCommand({
      TableName: tableName,
      Item: { ...limitationKeys.alert(day, invoice.invoiceId), invoiceId: invoice.invoiceId },
    }),
  );
}

/** The invoices whose alert is planned on `day`. */
export async function plannedLimitationAlerts(tableName: string, day: string): Promise<string[]> {
  const ids: string[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await dynamoClient().send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': limitationKeys.alert(day, '').pk },
        ExclusiveStartKey: startKey,
      }),
    );
    for (const item of page.Items ?? []) ids.push(String(item.sk));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return ids;
}

export async function clearLimitationAlert(tableName: string, day: string, invoiceId: string): Promise<void> {
  await dynamoClient().send(
    new DeleteCommand({ TableName: tableName, Key: limitationKeys.alert(day, invoiceId) }),
  );
}
