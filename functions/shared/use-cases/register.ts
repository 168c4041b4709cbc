import { createHash } from 'node:crypto';
import { localDate } from '../../core/dates';
import { ConflictError, InvalidRequestError } from '../../core/errors';
import type { InvoiceOrigin } from '../../core/facturx/cii';
import { sellerIdentityProblems } from '../../core/facturx/seller';
import { executionNames, invoiceIdFor } from '../../core/ids';
import { penaltyRateProblem } from '../../core/rates';
import { latestAcceptableDueDate, planSchedule } from '../../core/schedule';
import { type Invoice, isSellerObjectKey, type Seller, sellerSchema } from '../../core/schemas';
import type { ExecutionsPort } from '../executions';
import { type InvoiceView, toInvoiceView } from '../invoice-view';
import { planLimitationAlert } from '../limitation-alerts';
import { type PendingStartStore, startOrDefer } from '../pending-starts';
import type { InvoiceRecord, PenaltyTerms, Store } from '../store';
import { assertStoredPdf, type DocumentsPort, decodePdf } from './documents';
import { requireInvoice } from './lookups';

/** The store methods the registration calls (its port). */
export type RegisterStore = Pick<
  Store,
  'getSeller' | 'getInvoice' | 'createInvoice' | 'appendEvent' | 'planLimitationAlert'
> &
  PendingStartStore;

export interface RegisterDeps {
  readonly store: RegisterStore;
  readonly executions: ExecutionsPort;
  readonly documents: Pick<DocumentsPort, 'put' | 'readHead'>;
  readonly now: () => Date;
}

export interface Registration {
  /** 201 for a new invoice, 200 for an identical re-post. */
  readonly status: 200 | 201;
  readonly view: InvoiceView;
}

/**
 * Registers an invoice (POST /invoices). Idempotent: the id is derived from seller + number, the write
 * is conditional, and an identical re-post returns the stored view (starting the execution if an
 * earlier attempt stored the invoice but could not start it).
 */
export async function registerInvoice(
  deps: RegisterDeps,
  invoice: Invoice,
  origin: InvoiceOrigin = { source: 'json' },
): Promise<Registration> {
  const { store } = deps;
  const seller = await sellerOf(deps, invoice, origin);
  const now = deps.now();
  const latestDueDate = latestAcceptableDueDate(now, seller.cadence, seller.sendWindow);
  if (invoice.dueDate > latestDueDate) {
    throw new InvalidRequestError('The due date is too far ahead.', [
      {
        path: 'dueDate',
        message: `must be on or before ${latestDueDate}: the whole cadence must fit in one year (Step Functions' execution limit)`,
      },
    ]);
  }
  if ('s3Key' in invoice.pdf && !isSellerObjectKey(invoice.sellerId, invoice.pdf.s3Key)) {
    throw new InvalidRequestError("The referenced PDF is not one of this seller's objects.", [
      {
        path: 'pdf.s3Key',
        message: `must be under invoices/${invoice.sellerId}/ or uploads/${invoice.sellerId}/`,
      },
    ]);
  }
  const invoiceId = invoiceIdFor(invoice.sellerId, invoice.number);
  const pdfBytes = 'contentBase64' in invoice.pdf ? decodePdf(invoice.pdf.contentBase64) : undefined;
  const pdfIdentity = pdfBytes
    ? { sha256: sha256(pdfBytes) }
    : { s3Key: (invoice.pdf as { s3Key: string }).s3Key };
  const contentHash = sha256(canonicalJson({ ...invoice, pdf: pdfIdentity }));

  const existing = await store.getInvoice(invoiceId);
  if (existing) return repost(deps, existing, contentHash);
  const penaltyTerms = fixPenaltyTerms(invoice, seller);

  const pdfKey = pdfBytes
    ? `invoices/${invoice.sellerId}/${invoiceId}.pdf`
    : (invoice.pdf as { s3Key: string }).s3Key;
  if (pdfBytes) await deps.documents.put(pdfKey, pdfBytes, 'application/pdf');
  else await assertStoredPdf(deps.documents, pdfKey);

  const record = newRecord(invoice, origin, seller, { invoiceId, pdfKey, contentHash, penaltyTerms, now });
  if (!(await store.createInvoice(record))) {
    // Lost a race with an identical or conflicting post of the same number.
    return repost(deps, await requireInvoice(store, invoiceId), contentHash);
  }
  await store.appendEvent(invoiceId, { at: record.registeredAt, type: 'invoice_registered' });
  await planLimitationAlert(store, record, localDate(now, seller.sendWindow));
  return { status: 201, view: toInvoiceView(await startFirstExecution(deps, record)) };
}

/** The invoice's seller; a Factur-X document must come from it (its registration identifiers). */
async function sellerOf(deps: RegisterDeps, invoice: Invoice, origin: InvoiceOrigin): Promise<Seller> {
  const sellerRecord = await deps.store.getSeller(invoice.sellerId);
  if (!sellerRecord) {
    throw new InvalidRequestError('The invoice refers to an unknown seller.', [
      {
        path: 'sellerId',
        message: `unknown seller "${invoice.sellerId}": create it with PUT /sellers/{sellerId}`,
      },
    ]);
  }
  const seller = sellerSchema.parse(sellerRecord.profile);
  if (origin.source === 'factur-x') {
    const problems = sellerIdentityProblems(origin.seller, seller.registration);
    if (problems.length > 0) {
      throw new InvalidRequestError(
        `The Factur-X document is not from seller ${invoice.sellerId}.`,
        problems,
      );
    }
  }
  return seller;
}

function newRecord(
  invoice: Invoice,
  origin: InvoiceOrigin,
  seller: Seller,
  fixed: {
    invoiceId: string;
    pdfKey: string;
    contentHash: string;
    penaltyTerms: PenaltyTerms;
    now: Date;
  },
): InvoiceRecord {
  const { invoiceId, now } = fixed;
  return {
    invoiceId,
    sellerId: invoice.sellerId,
    number: invoice.number,
    status: 'scheduled',
    flags: {},
    currency: invoice.currency,
    totalMinor: invoice.totalMinor,
    paidMinor: 0,
    balanceMinor: invoice.totalMinor,
    issueDate: invoice.issueDate,
    dueDate: invoice.dueDate,
    customer: invoice.customer,
    pdfKey: fixed.pdfKey,
    ...(invoice.paymentLink ? { paymentLink: invoice.paymentLink } : {}),
    ...(invoice.purchaseOrder ? { purchaseOrder: invoice.purchaseOrder } : {}),
    contentHash: fixed.contentHash,
    source: origin.source,
    ...(origin.source === 'factur-x' ? { facturX: { profile: origin.profile } } : {}),
    registeredAt: now.toISOString(),
    // The planner is pure: the 201 already shows the schedule the execution will follow.
    schedule: planSchedule({
      dueDate: invoice.dueDate,
      cadence: seller.cadence,
      sendWindow: seller.sendWindow,
      now,
      mode: 'start',
      spreadKey: { sellerId: invoice.sellerId, customerId: invoice.customer.id },
    }),
    steps: {},
    payments: {},
    resumeCount: 0,
    executionName: executionNames.start(invoiceId),
    executionStarted: false,
    penaltyTerms: fixed.penaltyTerms,
  };
}

async function repost(
  deps: RegisterDeps,
  existing: InvoiceRecord,
  contentHash: string,
): Promise<{ status: 200; view: InvoiceView }> {
  if (existing.contentHash !== contentHash) {
    throw new ConflictError(
      `Invoice ${existing.number} of seller ${existing.sellerId} is already registered with different content.`,
    );
  }
  if (!existing.executionStarted) {
    // A registration cut short after the write: finish it (the alert plan is idempotent).
    await planLimitationAlert(deps.store, existing, existing.registeredAt.slice(0, 10));
  }
  const current = existing.executionStarted ? existing : await startFirstExecution(deps, existing);
  return { status: 200, view: toInvoiceView(current) };
}

/**
 * Starts the invoice's first execution and records that it started; when the open-execution quota is
 * full, the invoice stays stored with its start pending (pending-starts.ts). Returns the stored invoice.
 */
async function startFirstExecution(deps: RegisterDeps, record: InvoiceRecord): Promise<InvoiceRecord> {
  await startOrDefer(deps, record, deps.now());
  return requireInvoice(deps.store, record.invoiceId);
}

/**
 * The penalty terms fixed on an invoice at registration (art. L441-10 Code de commerce: the rate is the
 * one the invoice states): the invoice's own rate, else the seller's current rate, else the statutory
 * rate. A contractual rate below 3 × the legal interest rate of the issue half-year is refused.
 */
function fixPenaltyTerms(invoice: Invoice, seller: Seller): PenaltyTerms {
  if (invoice.latePenalty)
    return { basis: 'invoice', annualRatePercent: invoice.latePenalty.annualRatePercent };
  const rate = seller.latePenalty?.annualRatePercent;
  if (rate === undefined) return { basis: 'statutory' };
  const problem =
    invoice.customer.type === 'business' ? penaltyRateProblem(rate, invoice.issueDate) : undefined;
  if (problem) {
    throw new InvalidRequestError("The seller's late-penalty rate is below the legal floor.", [
      {
        path: 'latePenalty.annualRatePercent',
        message: `the seller's rate of ${rate} % ${problem}: state the rate this invoice printed in latePenalty, or update the seller`,
      },
    ]);
  }
  return { basis: 'seller', annualRatePercent: rate };
}

/** Deterministic JSON (sorted keys) so equal content always hashes equally. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

function sha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}
