import type { FieldIssue } from '../core/errors';
import { type FacturXDocument, readCrossIndustryInvoice } from '../core/facturx/cii';
import { FacturXError, parseInvoiceXml } from '../core/facturx/xml';
import { embeddedInvoiceXml } from './facturx-pdf';

/**
 * Reads the Factur-X document of a PDF: pdf-lib finds the embedded XML, fast-xml-parser reads it.
 * Loaded on first use only (BaseFunction `lazyModules`, `facturx-reader.mjs` next to `index.mjs`), so
 * plain JSON registrations never load either library. Errors come back as values: this module is a
 * separate bundle, whose error classes are not the caller's.
 */

export type FacturXReading =
  | { readonly kind: 'none' }
  | { readonly kind: 'document'; readonly document: FacturXDocument }
  | { readonly kind: 'unreadable'; readonly message: string; readonly issues: readonly FieldIssue[] };

export async function readFacturX(pdf: Uint8Array): Promise<FacturXReading> {
  try {
    const embedded = await embeddedInvoiceXml(pdf);
    if (!embedded) return { kind: 'none' };
    return { kind: 'document', document: readCrossIndustryInvoice(parseInvoiceXml(embedded.xml)) };
  } catch (error) {
    if (error instanceof FacturXError)
      return { kind: 'unreadable', message: error.message, issues: error.issues };
    throw error;
  }
}
