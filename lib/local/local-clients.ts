import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { documentClientOf, setDynamoClient } from '../../functions/shared/aws/dynamo';
import { setSesClient } from '../../functions/shared/aws/ses';

/**
 * A request signer for emulators that check only that a request carries an AWS Signature V4 header
 * (dynalite, aws-ses-v2-local), never its value: it writes a well-formed header without the SigV4
 * work (canonical request, body hash, HMAC chain), which is a large share of each call's CPU locally.
 */
export function presenceOnlySigner(service: string, region: string) {
  return {
    sign: async <T extends { headers: Record<string, string> }>(request: T): Promise<T> => {
      const date = new Date().toISOString().replace(/[-:]|\.\d{3}/g, '');
      request.headers['x-amz-date'] = date;
      request.headers.authorization =
        `AWS4-HMAC-SHA256 Credential=local/${date.slice(0, 8)}/${region}/${service}/aws4_request, ` +
        'SignedHeaders=host;x-amz-date, Signature=local';
      return request;
    },
  };
}

/**
 * A logger with no `info` or `error`: the SDK's default one discards everything, yet the SDK still
 * walks every request and response to redact them for it (`logger?.info?.(…)` evaluates its argument
 * whenever the method exists). Without the methods, that work is skipped.
 */
const silentLogger = { debug: () => undefined, warn: () => undefined } as unknown as NonNullable<
  DynamoDBClientConfig['logger']
>;

/**
 * Gives the handlers of this thread DynamoDB and SES clients that skip request signing and log
 * redaction (the local twin only: the deployed functions build theirs from the environment, signed).
 * Endpoints, region and credentials still come from the environment the local service set. S3 stays
 * signed: s3rver checks.
 */
export function installLocalClients(region: string): void {
  setDynamoClient(
    documentClientOf(
      new DynamoDBClient({ signer: presenceOnlySigner('dynamodb', region), logger: silentLogger }),
    ),
  );
  setSesClient(new SESv2Client({ signer: presenceOnlySigner('ses', region), logger: silentLogger }));
}
