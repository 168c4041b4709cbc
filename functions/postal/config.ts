import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import * as z from 'zod/mini';
import { loadConfig } from '../shared/config';
import { type MailevaCredentials, MailevaPostalMail } from './maileva';
import type { PostalMail } from './port';

const credentialsSchema = z.object({
  clientId: z.string().check(z.minLength(1)),
  clientSecret: z.string().check(z.minLength(1)),
  username: z.string().check(z.minLength(1)),
  password: z.string().check(z.minLength(1)),
});

let cached: Promise<PostalMail | undefined> | undefined;

/**
 * The configured `PostalMail` provider, or `undefined` for `none` (the default). Maileva's
 * credentials come from Secrets Manager (`MAILEVA_SECRET_ARN`, a JSON object) in AWS and from
 * `MAILEVA_CREDENTIALS` in local mode; they are read once per process and never logged.
 */
export function postalMail(): Promise<PostalMail | undefined> {
  cached ??= create().catch((error: unknown) => {
    cached = undefined;
    throw error;
  });
  return cached;
}

async function create(): Promise<PostalMail | undefined> {
  const config = loadConfig({
    POSTAL_MAIL_PROVIDER: z._default(z.enum(['none', 'maileva']), 'none'),
    MAILEVA_API_URL: z.optional(z.string()),
    MAILEVA_TOKEN_URL: z.optional(z.string()),
    MAILEVA_SECRET_ARN: z.optional(z.string()),
    MAILEVA_CREDENTIALS: z.optional(z.string()),
  });
  if (config.POSTAL_MAIL_PROVIDER === 'none') return undefined;
  if (!config.MAILEVA_API_URL || !config.MAILEVA_TOKEN_URL) {
    throw new Error('POSTAL_MAIL_PROVIDER=maileva needs MAILEVA_API_URL and MAILEVA_TOKEN_URL');
  }
  let raw = config.MAILEVA_CREDENTIALS;
  if (!raw && config.MAILEVA_SECRET_ARN) {
    const secret = await new SecretsManagerClient({}).send(
      new GetSecretValueCommand({ SecretId: config.MAILEVA_SECRET_ARN }),
    );
    raw = secret.SecretString;
  }
  const credentials: MailevaCredentials = z.parse(credentialsSchema, JSON.parse(raw ?? '{}'));
  return new MailevaPostalMail({
    apiUrl: config.MAILEVA_API_URL,
    tokenUrl: config.MAILEVA_TOKEN_URL,
    credentials,
  });
}
