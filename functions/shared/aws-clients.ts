import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SFNClient } from '@aws-sdk/client-sfn';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/**
 * AWS clients, created lazily once per process and replaceable in tests (`setAwsClients`).
 * Endpoints come from the standard `AWS_ENDPOINT_URL_*` variables, so the same code talks to AWS or
 * to the local emulators.
 */
export interface AwsClients {
  readonly dynamo: DynamoDBDocumentClient;
  readonly s3: S3Client;
  readonly ses: SESv2Client;
  readonly sfn: SFNClient;
}

let clients: AwsClients | undefined;

function createClients(): AwsClients {
  const dynamo = DynamoDBDocumentClient.from(new DynamoDBClient({}), {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  });
  return {
    dynamo,
    // Checksums only when required: the local S3 emulator stores aws-chunked bodies verbatim otherwise.
    s3: new S3Client({ forcePathStyle: true, requestChecksumCalculation: 'WHEN_REQUIRED' }),
    ses: new SESv2Client({}),
    sfn: new SFNClient({}),
  };
}

export function awsClients(): AwsClients {
  clients ??= createClients();
  return clients;
}

/** Replaces some or all clients (tests and the local runner). */
export function setAwsClients(overrides: Partial<AwsClients> | undefined): void {
  clients = overrides === undefined ? undefined : { ...awsClients(), ...overrides };
}
