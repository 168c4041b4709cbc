import { secretValues } from '../shared/secrets';

/**
 * The keys of the pagination cursors (Secrets Manager in AWS, the environment locally). Loaded on
 * first use only (BaseFunction `lazyModules`, `cursor-secrets.mjs` next to `index.mjs`): the Secrets
 * Manager client stays out of the API function's cold start, which most routes never need.
 */
export function cursorSecretValues(options: { arn?: string; value?: string }): Promise<string[]> {
  return secretValues(options);
}
