import * as z from 'zod/mini';
import { loadConfig } from '../shared/config';
import type { PostalMail } from './port';

type ProviderModule = typeof import('./maileva-provider');

/** Deployed, `maileva-provider.mjs` next to `index.mjs`; the specifier is computed so esbuild leaves it out. */
function providerSpecifier(): string {
  return import.meta.url.endsWith('.mjs') ? './maileva-provider.mjs' : './maileva-provider.ts';
}

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
  const provider = (await import(providerSpecifier())) as ProviderModule;
  return provider.createMailevaPostalMail({
    apiUrl: config.MAILEVA_API_URL,
    tokenUrl: config.MAILEVA_TOKEN_URL,
    ...(config.MAILEVA_SECRET_ARN ? { secretArn: config.MAILEVA_SECRET_ARN } : {}),
    ...(config.MAILEVA_CREDENTIALS ? { credentialsJson: config.MAILEVA_CREDENTIALS } : {}),
  });
}
