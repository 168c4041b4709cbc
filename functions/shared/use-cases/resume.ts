import { ConflictError } from '../../core/errors';
import { executionNames } from '../../core/ids';
import { canResume, resumedStatus } from '../../core/lifecycle';
import type { ExecutionsPort } from '../executions';
import { type InvoiceView, toInvoiceView } from '../invoice-view';
import type { Store } from '../store';
import { requireInvoice } from './lookups';

/** The store methods the resume calls (its port). */
export type ResumeStore = Pick<Store, 'getInvoice' | 'endPause' | 'appendEvent'>;

export interface ResumeDeps {
  readonly store: ResumeStore;
  readonly executions: ExecutionsPort;
  readonly now: () => Date;
}

/**
 * `POST /invoices/{invoiceId}/resume`: resumes a paused invoice now. A new execution re-plans with the
 * resume rule (docs/domain.md); the status is the one the sent steps give (`resumedStatus`).
 */
export async function resume(deps: ResumeDeps, invoiceId: string): Promise<InvoiceView> {
  const record = await requireInvoice(deps.store, invoiceId);
  if (!canResume(record.status)) {
    throw new ConflictError(`Invoice ${invoiceId} is ${record.status}, not paused.`);
  }
  const resumeCount = record.resumeCount + 1;
  const name = executionNames.resume(invoiceId, resumeCount);
  const status = resumedStatus(record);
  if (!(await deps.store.endPause(record, status, { resumeCount, executionName: name })))
    throw new ConflictError('The invoice changed meanwhile; retry.');
  const at = deps.now().toISOString();
  await deps.store.appendEvent(invoiceId, { at, type: 'dunning_resumed', trigger: 'api' });
  await deps.executions.stop(record.executionName, 'Resumed by hand');
  await deps.executions.start(name, {
    invoiceId,
    mode: record.plan?.state === 'active' ? 'payment_plan' : 'resume',
  });
  return toInvoiceView(await requireInvoice(deps.store, invoiceId));
}
