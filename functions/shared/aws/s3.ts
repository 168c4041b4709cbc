import { S3Client } from '@aws-sdk/client-s3';

/** The S3 client, created lazily once per process (endpoint: `AWS_ENDPOINT_URL_S3` when set). */
let client: S3Client | undefined;

export function s3Client(): S3Client {
  // Checksums only when required: the local S3 emulator stores aws-chunked bodies verbatim otherwise.
  client ??= new S3Client({ forcePathStyle: true, requestChecksumCalculation: 'WHEN_REQUIRED' });
  return client;
}

/** Replaces the client (tests); `undefined` makes the next call create a fresh one from the environment. */
export function setS3Client(replacement: S3Client | undefined): void {
  client = replacement;
}
