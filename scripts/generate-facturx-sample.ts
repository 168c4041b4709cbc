/**
 * Writes the sample Factur-X invoice of the README walkthrough (`npm run sample:facturx`):
 * docs/samples/factur-x-FA-2026-0042.pdf, a one-page PDF carrying its CII XML (EN 16931 profile) as
 * a PDF/A-3 associated file, and the same XML next to it for reading. Both are built by libraries
 * from the typed description below (lib/local/facturx.ts); a unit test fails when they are stale.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildCrossIndustryInvoice, buildFacturXPdf, type FacturXInvoiceSpec } from '../lib/local/facturx';

export const SAMPLE_PDF_PATH = fileURLToPath(
  new URL('../docs/samples/factur-x-FA-2026-0042.pdf', import.meta.url),
);
export const SAMPLE_XML_PATH = fileURLToPath(
  new URL('../docs/samples/factur-x-FA-2026-0042.xml', import.meta.url),
);

/** Atelier Dupont (the README's seller) bills Boulangerie Martin, due Friday 2026-11-20. */
export const SAMPLE_INVOICE: FacturXInvoiceSpec = {
  profile: 'EN 16931',
  number: 'FA-2026-0042',
  issueDate: '2026-10-21',
  dueDate: '2026-11-20',
  currency: 'EUR',
  seller: { name: 'Atelier Dupont SAS', siren: '732829320', vatNumber: 'FR44732829320' },
  buyer: {
    id: 'C-042',
    name: 'Boulangerie Martin SARL',
    siren: '552100554',
    vatNumber: 'FR03552100554',
    contactName: 'Marie Martin',
    contactEmail: 'marie@boulangerie-martin.fr',
    address: { line1: '3 place du Marché', postalCode: '69002', city: 'Lyon', country: 'FR' },
  },
  purchaseOrder: 'PO-7781',
  paymentTerms:
    "Paiement à 30 jours. Pénalités de retard : 12,15 % l'an. Indemnité forfaitaire pour frais de recouvrement : 40 €.",
  lines: [
    { name: 'Table en chêne massif', quantity: 1, unitPriceMinor: 90000 },
    { name: 'Livraison et montage', quantity: 2, unitPriceMinor: 6440 },
  ],
  vatRatePercent: 20,
};

export async function renderSample(): Promise<{ pdf: Uint8Array; xml: string }> {
  return { pdf: await buildFacturXPdf(SAMPLE_INVOICE), xml: buildCrossIndustryInvoice(SAMPLE_INVOICE) };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { pdf, xml } = await renderSample();
  mkdirSync(dirname(SAMPLE_PDF_PATH), { recursive: true });
  writeFileSync(SAMPLE_PDF_PATH, pdf);
  writeFileSync(SAMPLE_XML_PATH, xml);
  console.log(`Wrote ${SAMPLE_PDF_PATH} and ${SAMPLE_XML_PATH}`);
}
