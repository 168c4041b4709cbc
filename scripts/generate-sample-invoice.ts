/**
 * Writes the sample invoice PDF of the README walkthrough (`npm run sample:invoice`):
 * docs/samples/facture-FA-2026-0012.pdf, a one-page invoice from Atelier Dupont to Boulangerie Martin
 * (123 456 cents, due 2026-11-20), drawn with pdf-lib with fixed dates so that the bytes are
 * reproducible; a unit test fails when the checked-in file is stale.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PDFDocument, rgb, StandardFonts } from 'pdf-lib';

export const SAMPLE_INVOICE_PATH = fileURLToPath(
  new URL('../docs/samples/facture-FA-2026-0012.pdf', import.meta.url),
);

const LINES: readonly (readonly [text: string, size: number, bold?: boolean])[] = [
  ['Atelier Dupont SAS', 16, true],
  ['12 rue des Lilas, 69003 Lyon', 10],
  ['SIREN 732 829 320 - RCS Lyon 732 829 320 - TVA FR44732829320', 10],
  ['', 10],
  ['FACTURE FA-2026-0012', 14, true],
  ['Date : 21/10/2026 - Échéance : 20/11/2026', 10],
  ['Client : Boulangerie Martin SARL (Marie Martin), 3 place du Marché, 69002 Lyon', 10],
  ['', 10],
  ['1 x Table en chêne massif : 900,00 EUR', 10],
  ['2 x Livraison et montage : 128,80 EUR', 10],
  ['Total HT : 1 028,80 EUR - TVA 20 % : 205,76 EUR', 10],
  ['Net à payer : 1 234,56 EUR', 12, true],
  ['', 10],
  ['Paiement à 30 jours par virement : IBAN FR76 3000 6000 0112 3456 7890 189 - BIC AGRIFRPP.', 9],
  ["Pénalités de retard : 12,15 % l'an. Indemnité forfaitaire pour frais de recouvrement : 40 EUR.", 9],
  ['Exemple de facture pour la démonstration de Relance.', 9],
];

export async function renderSampleInvoice(): Promise<Uint8Array> {
  const fixed = new Date('2026-10-21T08:00:00Z');
  const doc = await PDFDocument.create();
  doc.setTitle('Facture FA-2026-0012');
  doc.setAuthor('Atelier Dupont SAS');
  doc.setProducer('Relance sample generator (pdf-lib)');
  doc.setCreator('Relance');
  doc.setCreationDate(fixed);
  doc.setModificationDate(fixed);
  const page = doc.addPage([595.28, 841.89]); // A4
  const regular = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  let y = 780;
  for (const [text, size, strong] of LINES) {
    page.drawText(text, { x: 56, y, size, font: strong ? bold : regular, color: rgb(0.1, 0.1, 0.1) });
    y -= size + 10;
  }
  return doc.save({ useObjectStreams: false });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const pdf = await renderSampleInvoice();
  mkdirSync(dirname(SAMPLE_INVOICE_PATH), { recursive: true });
  writeFileSync(SAMPLE_INVOICE_PATH, pdf);
  console.log(`Wrote ${SAMPLE_INVOICE_PATH} (${pdf.length} bytes)`);
}
