import * as z from 'zod/mini';
import { InvalidTaskInputError } from './workflow-errors';

/** Parses a state machine task payload; a malformed one is a bug, not a transient error. */
export function parseTaskInput<T extends z.core.$ZodType>(schema: T, payload: unknown): z.output<T> {
  const result = z.safeParse(schema, payload);
  if (!result.success) {
    throw new InvalidTaskInputError(
      result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
    );
  }
  return result.data;
}
