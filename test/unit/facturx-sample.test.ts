import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { embeddedInvoiceXml } from '../../functions/api/facturx-pdf';
import { readCrossIndustryInvoice } from '../../functions/core/facturx/cii';
import { parseInvoiceXml } from '../../functions/core/facturx/xml';
import { renderSample, SAMPLE_PDF_PATH, SAMPLE_XML_PATH } from '../../scripts/generate-facturx-sample';

describe('the sample Factur-X invoice (docs/samples)', () => {
  it('should be checked in as the generator writes it (run `npm run sample:facturx` after a change)', async () => {
    const { pdf, xml } = await renderSample();
    expect(readFileSync(SAMPLE_XML_PATH, 'utf8')).toBe(xml);
    expect(readFileSync(SAMPLE_PDF_PATH).equals(Buffer.from(pdf))).toBe(true);
  });

  it('should carry factur-x.xml with the README walkthrough invoice', async () => {
    const embedded = await embeddedInvoiceXml(readFileSync(SAMPLE_PDF_PATH));
    expect(embedded?.fileName).toBe('factur-x.xml');
    const document = readCrossIndustryInvoice(parseInvoiceXml(embedded?.xml ?? new Uint8Array()));
    expect(document.profile).toBe('EN 16931');
    expect(document.fields).toMatchObject({
      number: 'FA-2026-0042',
      dueDate: '2026-11-20',
      totalMinor: 123456,
    });
  });
});
