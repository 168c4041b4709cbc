import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderSampleInvoice, SAMPLE_INVOICE_PATH } from '../../scripts/generate-sample-invoice';

describe('the sample invoice PDF (docs/samples)', () => {
  it('should be checked in as the generator writes it (run `npm run sample:invoice` after a change)', async () => {
    const pdf = Buffer.from(await renderSampleInvoice());
    expect(readFileSync(SAMPLE_INVOICE_PATH).equals(pdf)).toBe(true);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  });

  it('should be announced with its exact size in the request collection (the upload signs it)', () => {
    const collection = readFileSync(new URL('../../requests/walkthrough.http', import.meta.url), 'utf8');
    expect(collection).toContain(`"contentLength": ${readFileSync(SAMPLE_INVOICE_PATH).length}`);
  });
});
