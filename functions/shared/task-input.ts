import type { z } from 'zod';
import { InvalidTaskInputError } from './workflow-errors';

/** Parses a state machine task payload; a malformed one is a bug, not a transient error. */
export function parseTaskInput<T extends z.ZodType>(schema: T, payload: unknown): z.output<T> {
  const result = schema.safeParse(payload);
  if (!result.success) {
    throw new InvalidTaskInputError(
      result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
    );
  }
  return result.data;
}
