import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';

const CACHE_MS = 5 * 60 * 1000;
const cache = new Map<string, { values: string[]; until: number }>();
let client: SecretsManagerClient | undefined;

/**
 * Webhook secrets: from Secrets Manager in AWS (`<NAME>_ARN`), from the environment in local mode.
 * A secret may hold several values separated by whitespace or commas (rotation: old and new both pass).
 * Values are cached five minutes and never logged.
 */
export async function webhookSecrets(options: { arn?: string; value?: string }): Promise<string[]> {
  if (options.value) return splitSecret(options.value);
  const arn = options.arn;
  if (!arn) throw new Error('No webhook secret configured');
  const cached = cache.get(arn);
  if (cached && cached.until > Date.now()) return cached.values;
  client ??= new SecretsManagerClient({});
  const { SecretString } = await client.send(new GetSecretValueCommand({ SecretId: arn }));
  const values = splitSecret(SecretString ?? '');
  cache.set(arn, { values, until: Date.now() + CACHE_MS });
  return values;
}

/** Any other rotated key (the reply-link key): same sources, same rules. */
export const secretValues = webhookSecrets;

function splitSecret(value: string): string[] {
  return value.split(/[\s,]+/).filter((part) => part.length > 0);
}
