import type * as z from 'zod';
import { toFieldIssues } from '../core/schemas';
import { HttpError } from '../shared/http';

/** Parses with a zod schema or throws a 400 listing every problem with its path. */
export function validate<T extends z.ZodType>(schema: T, value: unknown): z.output<T> {
  const result = schema.safeParse(value);
  if (!result.success) {
    throw new HttpError(
      400,
      'Invalid request',
      'The request does not match the schema.',
      toFieldIssues(result.error),
    );
  }
  return result.data;
}
