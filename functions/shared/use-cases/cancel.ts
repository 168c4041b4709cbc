import { ConflictError } from '../../core/errors';
import { canCancel } from '../../core/lifecycle';
import type { CancelInput } from '../../core/schemas';
import type { ExecutionsPort } from '../executions';
import { type InvoiceView, toInvoiceView } from '../invoice-view';
import type { Store } from '../store';
import { requireInvoice } from './lookups';

/** The store methods the cancellation calls (its port). */
export type CancelStore = Pick<Store, 'getInvoice' | 'cancel' | 'appendEvent'>;

export interface CancelDeps {
  readonly store: CancelStore;
  readonly executions: ExecutionsPort;
  readonly now: () => Date;
}

/**
 * `POST /invoices/{invoiceId}/cancel`: cancels an invoice for good (credit note, voided) and stops its
 * execution. Cancelling a cancelled invoice answers it as it is; a paid one is a `ConflictError`.
 */
export async function cancel(deps: CancelDeps, invoiceId: string, input: CancelInput): Promise<InvoiceView> {
  const record = await requireInvoice(deps.store, invoiceId);
  if (record.status === 'cancelled') return toInvoiceView(record);
  if (!canCancel(record.status)) throw new ConflictError(`Invoice ${invoiceId} is already paid.`);
  const at = deps.now().toISOString();
  const cancellation = { reason: input.reason, ...(input.note ? { note: input.note } : {}), at };
  if (!(await deps.store.cancel(record, cancellation)))
    throw new ConflictError('The invoice was paid or cancelled meanwhile.');
  await deps.store.appendEvent(invoiceId, { type: 'invoice_cancelled', ...cancellation });
  await deps.executions.stop(record.executionName, `Cancelled: ${input.reason}`);
  return toInvoiceView(await requireInvoice(deps.store, invoiceId));
}
