import { ConflictError } from '../../core/errors';
import { executionNames } from '../../core/ids';
import { isClosed } from '../../core/lifecycle';
import type { ContactInput, Customer } from '../../core/schemas';
import type { ExecutionsPort } from '../executions';
import { type InvoiceView, toInvoiceView } from '../invoice-view';
import type { Store } from '../store';
import { requireInvoice } from './lookups';

/** The store methods this module uses (its port: a fake implements just these). */
export type ContactStore = Pick<Store, 'getInvoice' | 'replaceContact' | 'appendEvent'>;

export interface ContactDeps {
  readonly store: ContactStore;
  readonly executions: ExecutionsPort;
  readonly now: () => Date;
}

/**
 * `POST /invoices/{invoiceId}/contact`: replaces the customer's address (and, if given, copies, name,
 * company and postal address) and clears `undeliverable`. An invoice that was flagged resumes at once
 * with the resume rule (a new execution re-plans: the overdue step goes at the next window, the others
 * keep their gaps — never a burst); a paused one stays paused and uses the new address when it resumes.
 * Paid and cancelled invoices are a `ConflictError`: their dunning is over.
 */
export async function updateContact(
  deps: ContactDeps,
  invoiceId: string,
  input: ContactInput,
): Promise<InvoiceView> {
  const record = await requireInvoice(deps.store, invoiceId);
  if (isClosed(record.status)) {
    throw new ConflictError(`Invoice ${invoiceId} is ${record.status}: its dunning is over.`);
  }
  const customer: Customer = {
    ...record.customer,
    email: input.email,
    ...(input.cc ? { cc: input.cc } : {}),
    ...(input.name ? { name: input.name } : {}),
    ...(input.companyName ? { companyName: input.companyName } : {}),
    ...(input.address ? { address: input.address } : {}),
  };
  const flagged = record.flags?.undeliverable !== undefined;
  const resume = flagged && record.status !== 'paused';
  const resumeCount = record.resumeCount + 1;
  const execution = executionNames.resume(invoiceId, resumeCount);
  // Decided on what was read: the same status and flag, or the caller retries.
  const restart = resume ? { resumeCount, executionName: execution } : undefined;
  if (!(await deps.store.replaceContact(record, customer, flagged, restart)))
    throw new ConflictError('The invoice changed meanwhile; retry.');
  const fields = (['email', 'cc', 'name', 'companyName', 'address'] as const).filter(
    (field) => input[field] !== undefined,
  );
  await deps.store.appendEvent(invoiceId, {
    at: deps.now().toISOString(),
    type: 'contact_updated',
    fields,
    wasUndeliverable: flagged,
  });
  if (resume) {
    await deps.store.appendEvent(invoiceId, {
      at: deps.now().toISOString(),
      type: 'dunning_resumed',
      trigger: 'contact_updated',
    });
    await deps.executions.stop(record.executionName, 'Contact fixed: re-planned');
    await deps.executions.start(execution, { invoiceId, mode: 'resume' });
  }
  return toInvoiceView(await requireInvoice(deps.store, invoiceId));
}
