import type * as z from 'zod';
import { toFieldIssues } from '../core/schemas';
import { HttpError } from './http';

/** Parses with a zod schema or throws a 400 listing every problem with its path (nothing is written). */
export function validate<T extends z.ZodType>(
  schema: T,
  value: unknown,
  detail = 'The request does not match the schema.',
): z.output<T> {
  const result = schema.safeParse(value);
  if (!result.success) throw new HttpError(400, 'Invalid request', detail, toFieldIssues(result.error));
  return result.data;
}
