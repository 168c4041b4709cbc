import type * as z from 'zod';
import { InvalidRequestError } from '../core/errors';
import { toFieldIssues } from '../core/schemas';

/**
 * Parses with a zod schema or throws an `InvalidRequestError` listing every problem with its path (nothing
 * is written). A domain error, not an HTTP one: the API and webhook handlers answer it with a 400
 * problem (functions/shared/http.ts), and code outside HTTP may validate too.
 */
export function validate<T extends z.ZodType>(
  schema: T,
  value: unknown,
  detail = 'The request does not match the schema.',
): z.output<T> {
  const result = schema.safeParse(value);
  if (!result.success) throw new InvalidRequestError(detail, toFieldIssues(result.error));
  return result.data;
}
