import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/**
 * The DynamoDB document client, created lazily once per process. One module per AWS client so that a
 * function bundles only the clients it uses. The endpoint comes from `AWS_ENDPOINT_URL_DYNAMODB` when
 * set (the local emulator), so the same code talks to AWS or to the emulator.
 */
let client: DynamoDBDocumentClient | undefined;

export function dynamoClient(): DynamoDBDocumentClient {
  client ??= documentClientOf(new DynamoDBClient({}));
  return client;
}

/** The document client the handlers use over a given low-level client (one place for the marshalling options). */
export function documentClientOf(base: DynamoDBClient): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(base, {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  });
}

/** Replaces the client (tests); `undefined` makes the next call create a fresh one from the environment. */
export function setDynamoClient(replacement: DynamoDBDocumentClient | undefined): void {
  client = replacement;
}
