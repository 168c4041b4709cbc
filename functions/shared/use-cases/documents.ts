import { InvalidRequestError, PayloadTooLargeError } from '../../core/errors';
import { MAX_PDF_BYTES } from '../../core/schemas';

/**
 * The invoices bucket as the use cases see it (their documents port): invoice PDFs, letters, evidence
 * copies. The S3 bucket in AWS (`S3Documents`, functions/shared/documents-s3.ts), a map in unit tests.
 */
export interface DocumentsPort {
  /** Stores an object (a PDF, an evidence copy) under `key`. */
  put(key: string, body: Uint8Array | string, contentType: string): Promise<void>;
  /** A whole object (an invoice PDF to attach). */
  read(key: string): Promise<Uint8Array>;
  /** The first `length` bytes of an object; `undefined` when there is no such object. */
  readHead(key: string, length: number): Promise<Uint8Array | undefined>;
}

const PDF_MAGIC = Buffer.from('%PDF-');

function isPdf(bytes: Uint8Array): boolean {
  return Buffer.from(bytes).subarray(0, PDF_MAGIC.length).equals(PDF_MAGIC);
}

/** Decodes an inline PDF and checks its size and magic bytes. */
export function decodePdf(contentBase64: string): Buffer {
  const bytes = Buffer.from(contentBase64, 'base64');
  if (bytes.length > MAX_PDF_BYTES) {
    throw new PayloadTooLargeError(
      'An inline PDF must be at most 4 MB; upload larger ones and pass pdf.s3Key.',
      [{ path: 'pdf.contentBase64', message: 'must be at most 4 MB once decoded' }],
    );
  }
  if (!isPdf(bytes)) {
    throw new InvalidRequestError('The attached document is not a PDF.', [
      { path: 'pdf.contentBase64', message: 'must be a PDF (starting with %PDF-)' },
    ]);
  }
  return bytes;
}

/** An uploaded PDF (`pdf.s3Key`) must exist and start with `%PDF-`; anything else is the client's 400. */
export async function assertStoredPdf(
  documents: Pick<DocumentsPort, 'readHead'>,
  key: string,
): Promise<void> {
  const head = await documents.readHead(key, PDF_MAGIC.length);
  if (head === undefined) {
    throw new InvalidRequestError('The referenced PDF does not exist.', [
      { path: 'pdf.s3Key', message: 'no such object in the invoices bucket' },
    ]);
  }
  if (!isPdf(head)) {
    throw new InvalidRequestError('The referenced object is not a PDF.', [
      { path: 'pdf.s3Key', message: 'the object does not start with %PDF-' },
    ]);
  }
}
