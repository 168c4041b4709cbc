import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import * as z from 'zod/mini';
import { type MailevaCredentials, MailevaPostalMail } from './maileva';
import type { PostalMail } from './port';

/*
 * The Maileva provider, built from its settings and credentials. A lazy module
 * (`maileva-provider.mjs` next to `index.mjs`): with the default provider `none`, the send function never
 * loads the adapter, its ZIP reader or the Secrets Manager client.
 */

const credentialsSchema = z.object({
  clientId: z.string().check(z.minLength(1)),
  clientSecret: z.string().check(z.minLength(1)),
  username: z.string().check(z.minLength(1)),
  password: z.string().check(z.minLength(1)),
});

export interface MailevaSettings {
  readonly apiUrl: string;
  readonly tokenUrl: string;
  /** Secrets Manager secret holding the credentials as JSON (AWS). */
  readonly secretArn?: string;
  /** The credentials as JSON (local mode). */
  readonly credentialsJson?: string;
}

export async function createMailevaPostalMail(settings: MailevaSettings): Promise<PostalMail> {
  let raw = settings.credentialsJson;
  if (!raw && settings.secretArn) {
    const secret = await new SecretsManagerClient({}).send(
      new GetSecretValueCommand({ SecretId: settings.secretArn }),
    );
    raw = secret.SecretString;
  }
  const credentials: MailevaCredentials = z.parse(credentialsSchema, JSON.parse(raw ?? '{}'));
  return new MailevaPostalMail({ apiUrl: settings.apiUrl, tokenUrl: settings.tokenUrl, credentials });
}
