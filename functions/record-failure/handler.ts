import * as z from 'zod';
import { now } from '../shared/clock';
import { loadConfig } from '../shared/config';
import { logger } from '../shared/logger';
import { putMetric } from '../shared/metrics';
import { Store } from '../shared/store';
import { parseTaskInput } from '../shared/task-input';

const config = loadConfig({ TABLE_NAME: z.string().min(1) });
const store = new Store(config.TABLE_NAME);

const inputSchema = z.object({
  invoiceId: z.string().min(1),
  error: z.object({ Error: z.string().optional(), Cause: z.string().optional() }).passthrough().optional(),
});

/** `Record failure`: the workflow's catch-all. Writes a `workflow_failed` event and a metric for the alarm. */
export const handler = async (payload: unknown) => {
  const input = parseTaskInput(inputSchema, payload);
  const errorName = input.error?.Error ?? 'Unknown';
  // The cause can quote customer data from a handler's message: keep only a bounded, single-line excerpt.
  const cause = (input.error?.Cause ?? '').replace(/\s+/g, ' ').slice(0, 500);
  await store.appendEvent(input.invoiceId, {
    at: now().toISOString(),
    type: 'workflow_failed',
    error: errorName,
    cause,
  });
  putMetric('WorkflowFailures', {}, 1);
  logger.error('Dunning workflow failed', { invoiceId: input.invoiceId, error: errorName });
  return { recorded: true, error: errorName };
};
