import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { dynamoClient } from './aws/dynamo';
import type { Condition } from './conditions';

export function isConditionFailure(error: unknown): boolean {
  return (
    error instanceof ConditionalCheckFailedException ||
    (error as { name?: string } | null)?.name === 'ConditionalCheckFailedException'
  );
}

const KEY_ATTRIBUTES = ['pk', 'sk', 'gsi1pk', 'gsi1sk', 'gsi2pk', 'gsi2sk', 'gsi3pk', 'gsi3sk'];

/** An item as the domain sees it: without the table's key attributes. */
export function withoutKeys<T>(item: Record<string, unknown>): T {
  const copy = { ...item };
  for (const key of KEY_ATTRIBUTES) delete copy[key];
  return copy as T;
}

/** The expression attributes of a condition, merged with the update's own. */
export function expressionOf(
  condition: Condition,
  names: Readonly<Record<string, string>> = {},
  values: Readonly<Record<string, unknown>> = {},
) {
  const allNames = { ...names, ...condition.names };
  const allValues = { ...values, ...condition.values };
  return {
    ConditionExpression: condition.expression,
    ...(Object.keys(allNames).length > 0 ? { ExpressionAttributeNames: allNames } : {}),
    ...(Object.keys(allValues).length > 0 ? { ExpressionAttributeValues: allValues } : {}),
  };
}

/**
 * The single table, as every store module reaches it: its name and the DynamoDB document client
 * (from `dynamoClient()`, so the local runner and tests can point it at the emulator).
 */
export class Table {
  constructor(readonly tableName: string) {}

  protected get db() {
    return dynamoClient();
  }

  /**
   * Runs one conditional write; `undefined` when its condition failed (the only place that reads
   * that error), otherwise what the write returned.
   */
  protected async unlessConditionFails<T>(write: () => Promise<T>): Promise<T | undefined> {
    try {
      return await write();
    } catch (error) {
      if (isConditionFailure(error)) return undefined;
      throw error;
    }
  }

  /** Every item a query finds, page by page (Query only: the table is never scanned). */
  protected async *queryAll(
    input: Omit<QueryCommandInput, 'TableName'>,
  ): AsyncGenerator<Record<string, unknown>> {
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.db.send(
        new QueryCommand({
          ...input,
          TableName: this.tableName,
          ...(startKey ? { ExclusiveStartKey: startKey } : {}),
        }),
      );
      yield* page.Items ?? [];
      startKey = page.LastEvaluatedKey;
    } while (startKey);
  }
}
