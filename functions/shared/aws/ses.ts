import { SESv2Client } from '@aws-sdk/client-sesv2';

/** The SES v2 client, created lazily once per process (endpoint: `AWS_ENDPOINT_URL_SESV2` when set). */
let client: SESv2Client | undefined;

export function sesClient(): SESv2Client {
  client ??= new SESv2Client({});
  return client;
}

/** Replaces the client (tests); `undefined` makes the next call create a fresh one from the environment. */
export function setSesClient(replacement: SESv2Client | undefined): void {
  client = replacement;
}
