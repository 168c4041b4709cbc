import * as z from 'zod/mini';

/**
 * Parses `process.env` with a zod schema and fails fast (at cold start) with a readable message.
 * Each handler declares only the variables it needs. Built on `zod/mini` (14 KB bundled instead of
 * 445 KB) so a function that needs no other schema stays small; classic zod schemas work here too.
 */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

export function loadConfig<T extends z.core.$ZodLooseShape>(
  shape: T,
  env: NodeJS.ProcessEnv = process.env,
): z.infer<z.ZodMiniObject<T>> {
  const result = z.safeParse(z.object(shape), env);
  if (!result.success) {
    const details = result.error.issues
      .map((issue) => `${issue.path.join('.')}: ${issue.message}`)
      .join('; ');
    throw new ConfigError(`Invalid environment: ${details}`);
  }
  return result.data;
}
