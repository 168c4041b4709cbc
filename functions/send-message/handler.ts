import * as z from 'zod/mini';
import { MESSAGE_STEPS } from '../core/steps';
import { now } from '../shared/clock';
import { loadConfig } from '../shared/config';
import { logger } from '../shared/logger';
import { Store } from '../shared/store';
import { parseTaskInput } from '../shared/task-input';
import { sendStep } from './send';

// zod/mini here: this function validates nothing else, and classic zod would add 430 KB to its bundle.
const config = loadConfig({
  TABLE_NAME: z.string().check(z.minLength(1)),
  INVOICES_BUCKET: z.string().check(z.minLength(1)),
  SES_CONFIGURATION_SET: z.string().check(z.minLength(1)),
});

const store = new Store(config.TABLE_NAME);

/** Read at each call: the local twin knows its API URL only once it listens, after handlers load. */
const publicApiUrl = () =>
  loadConfig({ PUBLIC_API_URL: z.optional(z.string().check(z.minLength(1))) }).PUBLIC_API_URL;

const inputSchema = z.object({ invoiceId: z.string().check(z.minLength(1)), step: z.enum(MESSAGE_STEPS) });

/**
 * `Send <step>` / `Escalate to finance team` / `Send thank-you`: claim, render, send through SES v2,
 * record. Exactly once per invoice and step (see `sendStep`).
 */
export const handler = async (payload: unknown) => {
  const input = parseTaskInput(inputSchema, payload);
  const result = await sendStep(
    {
      store,
      bucketName: config.INVOICES_BUCKET,
      configurationSet: config.SES_CONFIGURATION_SET,
      now,
      apiUrl: publicApiUrl(),
    },
    input.invoiceId,
    input.step,
  );
  logger.info('Send step finished', {
    invoiceId: input.invoiceId,
    step: input.step,
    outcome: result.outcome,
  });
  return result;
};
