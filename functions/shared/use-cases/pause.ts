import { DateTime } from 'luxon';
import { addDays, localDate } from '../../core/dates';
import { ConflictError, InvalidRequestError } from '../../core/errors';
import { executionNames } from '../../core/ids';
import { claimDeclarationDeadline, outsideMetropolitanFrance } from '../../core/insolvency';
import { legalCalendarFor } from '../../core/legal-calendar';
import { canPause } from '../../core/lifecycle';
import type { PauseInput, Seller } from '../../core/schemas';
import type { ExecutionsPort } from '../executions';
import { type InvoiceView, toInvoiceView } from '../invoice-view';
import type { InvoiceRecord, Store } from '../store';
import { type InvoiceReads, requireInvoice, requireSeller, type SellerReads } from './lookups';

/** Step Functions executions last at most a year; a pause's resume execution waits its whole length. */
export const MAX_PAUSE_DAYS = 365;

/** The store methods this module uses (its port: a fake implements just these). */
export type PauseStore = Pick<Store, 'pause' | 'appendEvent'>;

export interface PauseDeps {
  readonly store: PauseStore;
  readonly executions: ExecutionsPort;
  readonly now: () => Date;
}

/**
 * Pauses dunning (dispute, promise to pay, declared payment…): stops the running execution and, with
 * `until`, starts the execution that resumes it then. Shared by `POST /invoices/{id}/pause` and the
 * customer reply page (which reads the invoice and seller itself).
 */
export async function pauseInvoice(
  deps: PauseDeps,
  record: InvoiceRecord,
  seller: Seller,
  input: PauseInput,
): Promise<void> {
  const { invoiceId } = record;
  if (!canPause(record.status)) {
    throw new ConflictError(`Invoice ${invoiceId} is ${record.status}: there is nothing to pause.`);
  }
  const now = deps.now();
  const today = localDate(now, seller.sendWindow);
  if (input.until !== undefined && input.until <= today) {
    throw new InvalidRequestError('A pause must end in the future.', [
      { path: 'until', message: 'must be after today' },
    ]);
  }
  // The execution that resumes the invoice waits until then: it must end within a year (Step Functions).
  if (input.until !== undefined && input.until > addDays(today, MAX_PAUSE_DAYS)) {
    throw new InvalidRequestError(`A pause lasts at most ${MAX_PAUSE_DAYS} days.`, [
      { path: 'until', message: `must be at most ${MAX_PAUSE_DAYS} days ahead` },
    ]);
  }
  if (input.bodaccPublishedOn !== undefined && input.bodaccPublishedOn > today) {
    throw new InvalidRequestError('The BODACC publication date is in the future.', [
      { path: 'bodaccPublishedOn', message: 'must be today or earlier' },
    ]);
  }
  const resumeCount = record.resumeCount + 1;
  const nextExecution = input.until ? executionNames.resume(invoiceId, resumeCount) : record.executionName;
  const pause = {
    reason: input.reason,
    ...(input.until ? { until: input.until } : {}),
    ...(input.note ? { note: input.note } : {}),
    ...insolvencyTerms(input, seller),
    at: now.toISOString(),
  };
  // Serialized per invoice: only the pause that read the current version wins (others: 409), so the
  // answer, the stored pause and the running resume always agree.
  const paused = await deps.store.pause(record, pause, {
    resumeCount: input.until ? resumeCount : record.resumeCount,
    executionName: nextExecution,
  });
  if (!paused) throw new ConflictError('The invoice was paid, cancelled or paused meanwhile; retry.');
  await deps.store.appendEvent(invoiceId, { type: 'dunning_paused', ...pause });
  await deps.executions.stop(record.executionName, `Paused: ${input.reason}`);
  if (input.until) {
    const notBefore = windowStartOf(input.until, seller);
    // A pause during a payment plan resumes the plan, not the cadence.
    const mode = record.plan?.state === 'active' ? 'payment_plan' : 'resume';
    await deps.executions.start(nextExecution, { invoiceId, mode, notBefore });
  }
}

export interface PauseInvoiceDeps extends PauseDeps {
  readonly store: PauseStore & InvoiceReads & SellerReads;
  /** Tells the seller its claim-declaration deadline (insolvency); without it no alert is sent. */
  readonly alertInsolvency?: (invoice: InvoiceRecord, seller: Seller) => Promise<unknown>;
}

/** `POST /invoices/{invoiceId}/pause`: pauses dunning, then (insolvency) alerts the seller once. */
export async function pause(
  deps: PauseInvoiceDeps,
  invoiceId: string,
  input: PauseInput,
): Promise<InvoiceView> {
  const record = await requireInvoice(deps.store, invoiceId);
  // Checked before the seller is read: a closed invoice answers 409 whatever its seller.
  if (!canPause(record.status)) {
    throw new ConflictError(`Invoice ${invoiceId} is ${record.status}: there is nothing to pause.`);
  }
  const seller = await requireSeller(deps.store, record.sellerId);
  await pauseInvoice(deps, record, seller, input);
  const paused = await requireInvoice(deps.store, invoiceId);
  if (input.reason === 'insolvency' && deps.alertInsolvency) await deps.alertInsolvency(paused, seller);
  return toInvoiceView(paused);
}

/** Insolvency: the claim declaration deadline, when the BODACC publication date is known (docs/domain.md). */
function insolvencyTerms(
  input: PauseInput,
  seller: Seller,
): { bodaccPublishedOn?: string; claimDeclarationDeadline?: string } {
  if (input.reason !== 'insolvency' || input.bodaccPublishedOn === undefined) return {};
  const { deadline } = claimDeclarationDeadline(
    input.bodaccPublishedOn,
    outsideMetropolitanFrance(seller.address),
    legalCalendarFor(seller.sendWindow.holidays),
  );
  return { bodaccPublishedOn: input.bodaccPublishedOn, claimDeclarationDeadline: deadline };
}

/** Midnight of a local date in the seller's zone: the resume plans the next send window from there. */
function windowStartOf(isoDate: string, seller: Seller): string {
  return DateTime.fromISO(isoDate, { zone: seller.sendWindow.timezone })
    .startOf('day')
    .toUTC()
    .toISO() as string;
}
