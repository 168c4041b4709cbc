import { SFNClient } from '@aws-sdk/client-sfn';

/** The Step Functions client, created lazily once per process (endpoint: `AWS_ENDPOINT_URL_SFN` when set). */
let client: SFNClient | undefined;

export function sfnClient(): SFNClient {
  client ??= new SFNClient({});
  return client;
}

/** Replaces the client (tests); `undefined` makes the next call create a fresh one from the environment. */
export function setSfnClient(replacement: SFNClient | undefined): void {
  client = replacement;
}
