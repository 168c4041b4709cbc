import * as z from 'zod/mini';
import { loadConfig } from '../shared/config';
import { lazyModule, siblingModule } from '../shared/lazy-module';
import type { PostalMail } from './port';

/**
 * The configured `PostalMail` provider, or `undefined` for `none` (the default). Maileva's
 * credentials come from Secrets Manager (`MAILEVA_SECRET_ARN`, a JSON object) in AWS and from
 * `MAILEVA_CREDENTIALS` in local mode; they are read once per process and never logged.
 */
export const postalMail: () => Promise<PostalMail | undefined> = lazyModule(create);

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
  // Deployed, `maileva-provider.mjs` next to `index.mjs` (BaseFunction `lazyModules`).
  const provider = (await import(
    siblingModule(import.meta.url, 'maileva-provider')
  )) as typeof import('./maileva-provider');
  return provider.createMailevaPostalMail({
    apiUrl: config.MAILEVA_API_URL,
    tokenUrl: config.MAILEVA_TOKEN_URL,
    ...(config.MAILEVA_SECRET_ARN ? { secretArn: config.MAILEVA_SECRET_ARN } : {}),
    ...(config.MAILEVA_CREDENTIALS ? { credentialsJson: config.MAILEVA_CREDENTIALS } : {}),
  });
}
