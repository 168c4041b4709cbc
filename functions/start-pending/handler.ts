import * as z from 'zod';
import { isClosed } from '../core/lifecycle';
import { now } from '../shared/clock';
import { loadConfig } from '../shared/config';
import { Executions } from '../shared/executions';
import { logger } from '../shared/logger';
import { putMetric } from '../shared/metrics';
import {
  isExecutionLimitExceeded,
  removeMarker,
  START_PENDING_FLAG,
  startOrDefer,
} from '../shared/pending-starts';
import { Store } from '../shared/store';

const config = loadConfig({
  TABLE_NAME: z.string().min(1),
  STATE_MACHINE_ARN: z.string().startsWith('arn:'),
});
const deps = { store: new Store(config.TABLE_NAME), executions: new Executions(config.STATE_MACHINE_ARN) };

/**
 * Starts the first executions that registration had to defer (open-execution quota full), oldest first,
 * every morning at 08:00 Paris time, before the send window (EventBridge Scheduler). Stops at the first refusal: the quota is still full, the
 * rest waits for the next run. A started execution re-plans its schedule if the registered one has
 * passed, so nothing is sent in a burst. Cancelled or paid invoices are dropped from the list.
 */
export const handler = async () => {
  let started = 0;
  let dropped = 0;
  let stillFull = false;
  for await (const invoiceId of deps.store.pendingStarts()) {
    const record = await deps.store.getInvoice(invoiceId);
    if (!record || record.executionStarted || isClosed(record.status)) {
      if (record) await removeMarker(deps.store, record);
      dropped += 1;
      continue;
    }
    if (!record.flags?.[START_PENDING_FLAG]) logger.warn('Pending start without its flag', { invoiceId });
    try {
      if ((await startOrDefer(deps, record, now())) === 'deferred') {
        stillFull = true;
        break;
      }
      started += 1;
    } catch (error) {
      // One invoice failing (a transient error) must not hold the others back; it stays listed.
      if (isExecutionLimitExceeded(error)) throw error;
      logger.error('Pending start failed; will retry', { invoiceId, error: (error as Error).name });
    }
  }
  putMetric('PendingStartsStarted', {}, started);
  logger.info('Pending starts processed', { started, dropped, stillFull });
  return { started, dropped, stillFull };
};
