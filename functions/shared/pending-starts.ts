import { executionNames } from '../core/ids';
import type { ExecutionsPort } from './executions';
import { logger } from './logger';
import { putMetric } from './metrics';
import type { InvoiceRecord, Store } from './store';

/**
 * Invoices whose first execution could not start because the account's open-execution quota was full
 * (`ExecutionLimitExceeded`). The invoice is kept (its 201 says so through the `start_pending` flag),
 * a marker item lists it under one partition, oldest first, and the `StartPendingFunction` (EventBridge
 * Scheduler, every morning before the send window) starts them once executions have ended (docs/capacity.md).
 */

/** The view's flag while the first execution waits for room under the quota. */
export const START_PENDING_FLAG = 'start_pending';

/** Whether Step Functions refused a start because the open-execution quota is full. */
export function isExecutionLimitExceeded(error: unknown): boolean {
  return (error as { name?: string } | undefined)?.name === 'ExecutionLimitExceeded';
}

/** The store methods the pending starts use (their port). */
export type PendingStartStore = Pick<
  Store,
  'addPendingStart' | 'removePendingStart' | 'setFlag' | 'markExecutionStarted' | 'appendEvent'
>;

export type StartOutcome = 'started' | 'deferred';

/**
 * Starts an invoice's first execution, or, when the quota is full, records the start as pending (flag,
 * event, marker, metric) instead of failing the registration. Any other error propagates as before.
 */
export async function startOrDefer(
  deps: { readonly store: PendingStartStore; readonly executions: ExecutionsPort },
  record: InvoiceRecord,
  now: Date,
): Promise<StartOutcome> {
  try {
    await deps.executions.start(executionNames.start(record.invoiceId), {
      invoiceId: record.invoiceId,
      mode: 'start',
    });
  } catch (error) {
    if (!isExecutionLimitExceeded(error)) throw error;
    await deferStart(deps.store, record, now);
    return 'deferred';
  }
  await markStarted(deps.store, record, now);
  return 'started';
}

async function deferStart(store: PendingStartStore, record: InvoiceRecord, now: Date): Promise<void> {
  const at = now.toISOString();
  await store.addPendingStart(record.registeredAt, record.invoiceId);
  if (!record.flags?.[START_PENDING_FLAG]) {
    await store.setFlag(record.invoiceId, START_PENDING_FLAG, at);
    await store.appendEvent(record.invoiceId, {
      at,
      type: 'execution_start_deferred',
      reason: 'ExecutionLimitExceeded',
    });
  }
  putMetric('ExecutionStartDeferred', {}, 1);
  logger.warn('Open-execution quota full: start deferred', { invoiceId: record.invoiceId });
}

/** Records that the first execution runs: clears the flag and the marker, notes when it started late. */
async function markStarted(store: PendingStartStore, record: InvoiceRecord, now: Date): Promise<void> {
  const wasPending = record.flags?.[START_PENDING_FLAG] !== undefined;
  await store.markExecutionStarted(record.invoiceId, wasPending ? START_PENDING_FLAG : undefined);
  if (!wasPending) return;
  await removeMarker(store, record);
  await store.appendEvent(record.invoiceId, { at: now.toISOString(), type: 'execution_started_late' });
}

export async function removeMarker(store: PendingStartStore, record: InvoiceRecord): Promise<void> {
  await store.removePendingStart(record.registeredAt, record.invoiceId);
}
