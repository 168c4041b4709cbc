import { inflateSync } from 'node:zlib';
import { PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFRawStream, PDFString } from 'pdf-lib';
import { FacturXError, MAX_XML_BYTES } from '../core/facturx/xml';

/**
 * Finds the invoice XML a Factur-X / ZUGFeRD / XRechnung PDF carries as an embedded file (PDF/A-3
 * associated file). No I/O and no AWS: bytes in, XML bytes out, every loop and buffer bounded.
 */

/** File names of the CII XML: Factur-X and ZUGFeRD ≥ 2.1, ZUGFeRD 2.0 (and 1.0), XRechnung. */
export const FACTURX_FILE_NAMES = ['factur-x.xml', 'zugferd-invoice.xml', 'xrechnung.xml'] as const;

type Dict = PDFDict;
type RawStream = PDFRawStream;

/** Name trees deeper or larger than this are not an invoice's attachments. */
const MAX_NAME_TREE_NODES = 256;

export interface EmbeddedInvoiceXml {
  readonly fileName: string;
  readonly xml: Uint8Array;
}

function unreadable(detail: string): FacturXError {
  return new FacturXError('The Factur-X PDF cannot be read.', [{ path: 'pdf', message: detail }]);
}

function textOf(value: unknown): string | undefined {
  if (value instanceof PDFString || value instanceof PDFHexString) return value.decodeText();
  return undefined;
}

/** Every file specification of the document: the EmbeddedFiles name tree and the catalog's /AF. */
function fileSpecs(catalog: Dict): { name: string | undefined; spec: Dict }[] {
  const found: { name: string | undefined; spec: Dict }[] = [];
  const seen = new Set<unknown>();
  const names = catalog.lookup(PDFName.of('Names'));
  const tree = names instanceof PDFDict ? names.lookup(PDFName.of('EmbeddedFiles')) : undefined;
  const pending: unknown[] = tree ? [tree] : [];
  while (pending.length > 0) {
    const node = pending.pop();
    if (!(node instanceof PDFDict) || seen.has(node)) continue;
    seen.add(node);
    if (seen.size > MAX_NAME_TREE_NODES) throw unreadable('the attachment list is too large');
    const kids = node.lookup(PDFName.of('Kids'));
    if (kids instanceof PDFArray) for (let i = 0; i < kids.size(); i += 1) pending.push(kids.lookup(i));
    const pairs = node.lookup(PDFName.of('Names'));
    if (pairs instanceof PDFArray) {
      for (let i = 0; i + 1 < pairs.size(); i += 2) {
        const spec = pairs.lookup(i + 1);
        if (spec instanceof PDFDict) found.push({ name: textOf(pairs.lookup(i)), spec });
      }
    }
  }
  const associated = catalog.lookup(PDFName.of('AF'));
  if (associated instanceof PDFArray) {
    for (let i = 0; i < Math.min(associated.size(), MAX_NAME_TREE_NODES); i += 1) {
      const spec = associated.lookup(i);
      if (spec instanceof PDFDict) found.push({ name: undefined, spec });
    }
  }
  return found;
}

/** The decoded content of an embedded-file stream (uncompressed or Flate), at most MAX_XML_BYTES + 1. */
function contentOf(stream: RawStream): Uint8Array {
  const filter = stream.dict.lookup(PDFName.of('Filter'));
  const filters =
    filter === undefined
      ? []
      : filter instanceof PDFArray
        ? filter.asArray().map((f) => String(f))
        : [String(filter)];
  if (filters.length === 0) return stream.contents;
  if (filters.length === 1 && filters[0] === '/FlateDecode' && !stream.dict.has(PDFName.of('DecodeParms'))) {
    try {
      // The output cap makes a compression bomb fail fast instead of filling the memory.
      return inflateSync(stream.contents, { maxOutputLength: MAX_XML_BYTES + 1 });
    } catch (error) {
      if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') {
        throw unreadable(`the embedded XML is larger than ${MAX_XML_BYTES / 1024 / 1024} MB`);
      }
      throw unreadable('the embedded XML stream is corrupt');
    }
  }
  throw unreadable(`the embedded XML uses an unsupported PDF filter (${filters.join(' ').slice(0, 60)})`);
}

/**
 * The Factur-X XML embedded in a PDF, or `undefined` when the PDF carries none. Throws
 * {@link FacturXError} when the PDF or the embedded file cannot be read.
 */
export async function embeddedInvoiceXml(pdf: Uint8Array): Promise<EmbeddedInvoiceXml | undefined> {
  let catalog: unknown;
  let specs: { name: string | undefined; spec: Dict }[];
  try {
    // Strict: an invalid object fails the read (and pdf-lib does not log its recovery attempts).
    const document = await PDFDocument.load(pdf, {
      throwOnInvalidObject: true,
      updateMetadata: false,
      capNumbers: true,
    });
    catalog = document.catalog;
    if (!(catalog instanceof PDFDict)) throw unreadable('the PDF has no document catalog');
    specs = fileSpecs(catalog);
  } catch (error) {
    if (error instanceof FacturXError) throw error;
    throw unreadable('the PDF structure is corrupt');
  }
  for (const { name, spec } of specs) {
    const fileName =
      textOf(spec.lookup(PDFName.of('UF'))) ?? textOf(spec.lookup(PDFName.of('F'))) ?? name ?? '';
    const known = FACTURX_FILE_NAMES.find((candidate) => candidate === fileName.trim().toLowerCase());
    if (!known) continue;
    const files = spec.lookup(PDFName.of('EF'));
    const stream =
      files instanceof PDFDict
        ? (files.lookup(PDFName.of('UF')) ?? files.lookup(PDFName.of('F')))
        : undefined;
    if (!(stream instanceof PDFRawStream)) throw unreadable(`the attachment ${known} has no content`);
    return { fileName: fileName.trim(), xml: contentOf(stream) };
  }
  return undefined;
}
