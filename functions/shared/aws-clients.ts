import type { S3Client } from '@aws-sdk/client-s3';
import type { SESv2Client } from '@aws-sdk/client-sesv2';
import type { SFNClient } from '@aws-sdk/client-sfn';
import { setApiGatewayClient } from './aws/api-gateway';
import { dynamoClient, setDynamoClient } from './aws/dynamo';
import { s3Client, setS3Client } from './aws/s3';
import { sesClient, setSesClient } from './aws/ses';
import { setSfnClient, sfnClient } from './aws/sfn';

/**
 * All four AWS clients at once, for the local runner and tests ONLY. Handlers import the one module per
 * client they use (`./aws/dynamo`, `./aws/s3`, `./aws/ses`, `./aws/sfn`): importing this file from a
 * function would bundle every SDK client into it (test/construct/bundling.test.ts fails if one does).
 */
export interface AwsClients {
  readonly dynamo: ReturnType<typeof dynamoClient>;
  readonly s3: S3Client;
  readonly ses: SESv2Client;
  readonly sfn: SFNClient;
}

export function awsClients(): AwsClients {
  return { dynamo: dynamoClient(), s3: s3Client(), ses: sesClient(), sfn: sfnClient() };
}

/** Replaces some clients (tests); `undefined` resets all of them to be created again from the environment. */
export function setAwsClients(overrides: Partial<AwsClients> | undefined): void {
  if (overrides === undefined) {
    setDynamoClient(undefined);
    setS3Client(undefined);
    setSesClient(undefined);
    setSfnClient(undefined);
    setApiGatewayClient(undefined);
    return;
  }
  if (overrides.dynamo) setDynamoClient(overrides.dynamo);
  if (overrides.s3) setS3Client(overrides.s3);
  if (overrides.ses) setSesClient(overrides.ses);
  if (overrides.sfn) setSfnClient(overrides.sfn);
}
