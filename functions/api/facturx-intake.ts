import * as z from 'zod';
import type { FacturXDocument, FacturXProfile, InvoiceOrigin } from '../core/facturx/cii';
import { mayCarryFacturX } from '../core/facturx/markers';
import { completeWithDocument, missingFields } from '../core/facturx/merge';
import { type Invoice, invoiceSchema, pdfSource, sellerId } from '../core/schemas';
import { HttpError } from '../shared/http';
import { lazyModule, siblingModule } from '../shared/lazy-module';
import { decodePdf } from '../shared/use-cases/documents';
import { validate } from '../shared/validate';

/**
 * POST /invoices with a Factur-X PDF: "post the PDF, we read the rest". The JSON may be as small as
 * `{sellerId, pdf}`; whatever it lacks is read from the CII XML embedded in the PDF, and whatever it
 * states must agree with that XML. The PDF is parsed only when it may carry Factur-X data or when
 * the JSON lacks fields, so plain JSON registrations pay nothing for this.
 */

export interface InvoiceRequest {
  readonly invoice: Invoice;
  readonly origin: InvoiceOrigin;
}

const envelope = z.looseObject({ sellerId, pdf: pdfSource });
const JSON_ORIGIN: InvoiceOrigin = { source: 'json' };

// Whether invoices carry their printed penalty rate (`latePenalty`): read from the schema, so the
// document's rate is passed on exactly when the API accepts one.
const acceptsLatePenalty = 'latePenalty' in invoiceSchema.shape;

function parseInvoice(body: unknown): Invoice {
  return validate(invoiceSchema, body);
}

function missingProblem(missing: readonly string[], fromDocument: FacturXProfile | undefined): HttpError {
  const hint = fromDocument
    ? `the Factur-X document (${fromDocument} profile) does not state it: give it in the JSON`
    : 'give it in the JSON or post a Factur-X PDF that states it';
  return new HttpError(
    400,
    'Invalid request',
    `The invoice lacks ${missing.length === 1 ? 'a field' : `${missing.length} fields`}.`,
    missing.map((path) => ({ path, message: `missing: ${hint}` })),
  );
}

/**
 * The reader (pdf-lib, fast-xml-parser) loads on first use; deployed, it is `facturx-reader.mjs` next
 * to `index.mjs` (BaseFunction `lazyModules`).
 */
const loadReader = lazyModule(
  () =>
    import(siblingModule(import.meta.url, 'facturx-reader')) as Promise<typeof import('./facturx-reader')>,
);

async function documentIn(bytes: Uint8Array): Promise<FacturXDocument | undefined> {
  const reading = await (await loadReader()).readFacturX(bytes);
  if (reading.kind === 'unreadable')
    throw new HttpError(400, 'Invalid request', reading.message, reading.issues);
  return reading.kind === 'document' ? reading.document : undefined;
}

/** Reads a registration request (one item of a batch, or the body of POST /invoices). */
export async function readInvoiceRequest(body: unknown): Promise<InvoiceRequest> {
  const head = envelope.safeParse(body);
  // Without a usable seller and PDF there is nothing to read: report every schema problem at once.
  if (!head.success) return { invoice: parseInvoice(body), origin: JSON_ORIGIN };
  const request = head.data as Record<string, unknown>;
  const missing = missingFields(request);
  let bytes: Uint8Array | undefined;
  if (missing.length === 0) {
    // A complete request is validated first, as before Factur-X; its PDF is read only if it may hold one.
    const invoice = parseInvoice(body);
    if (!('contentBase64' in invoice.pdf)) return { invoice, origin: JSON_ORIGIN };
    bytes = decodePdf(invoice.pdf.contentBase64);
    if (!mayCarryFacturX(bytes)) return { invoice, origin: JSON_ORIGIN };
  } else if ('contentBase64' in head.data.pdf) {
    bytes = decodePdf(head.data.pdf.contentBase64);
  }
  const document = bytes ? await documentIn(bytes) : undefined;
  if (!document) {
    if (missing.length > 0) throw missingProblem(missing, undefined);
    return { invoice: parseInvoice(body), origin: JSON_ORIGIN };
  }
  const { body: completed, conflicts } = completeWithDocument(request, document.fields, acceptsLatePenalty);
  if (conflicts.length > 0) {
    throw new HttpError(
      400,
      'Invalid request',
      'The JSON contradicts the Factur-X document it carries: send only what the document lacks.',
      conflicts,
    );
  }
  const stillMissing = missingFields(completed);
  if (stillMissing.length > 0) throw missingProblem(stillMissing, document.profile);
  return {
    invoice: parseInvoice(completed),
    origin: { source: 'factur-x', profile: document.profile, seller: document.seller },
  };
}
