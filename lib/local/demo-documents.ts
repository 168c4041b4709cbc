import { PDFDocument, StandardFonts } from 'pdf-lib';
import { DEMO_SELLER, type DemoInvoiceSpec } from './demo-script';
import { buildFacturXPdf } from './facturx';

/** The PDFs the demo registers: a plain invoice, or a Factur-X one whose XML carries the invoice. */

export async function invoicePdf(number: string, customer: string, totalMinor: number): Promise<string> {
  const pdf = await PDFDocument.create();
  const page = pdf.addPage([595, 842]);
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  const lines = [
    'Atelier Dupont SAS - 12 rue des Lilas, 69003 Lyon',
    `Facture ${number}`,
    `Client : ${customer}`,
    `Total TTC : ${(totalMinor / 100).toFixed(2)} EUR`,
  ];
  lines.forEach((line, i) => {
    page.drawText(line.normalize('NFD').replace(/[\u0300-\u036f]/g, ''), {
      x: 50,
      y: 780 - i * 24,
      size: 14,
      font,
    });
  });
  return Buffer.from(await pdf.save()).toString('base64');
}

/** The Factur-X PDF of a demo invoice: one line, 20 % VAT included in its total. */
export async function facturXPdf(spec: DemoInvoiceSpec, issueDate: string, dueDate: string): Promise<string> {
  const pdf = await buildFacturXPdf({
    profile: 'EN 16931',
    number: spec.number,
    issueDate,
    dueDate,
    currency: 'EUR',
    seller: {
      name: DEMO_SELLER.legalName,
      siren: DEMO_SELLER.registration.siren,
      vatNumber: DEMO_SELLER.registration.vatNumber,
    },
    buyer: {
      id: spec.customer.id,
      name: spec.customer.companyName ?? spec.customer.name,
      contactName: spec.customer.name,
      contactEmail: spec.customer.email,
    },
    purchaseOrder: `BC-${spec.number.slice(-4)}`,
    paymentTerms: `Paiement à 30 jours. Pénalités de retard : ${String(DEMO_SELLER.latePenalty.annualRatePercent).replace('.', ',')} % l'an. Indemnité forfaitaire pour frais de recouvrement : 40 €.`,
    lines: [
      { name: 'Menuiseries sur mesure', quantity: 1, unitPriceMinor: Math.round(spec.totalMinor / 1.2) },
    ],
    vatRatePercent: 20,
  });
  return Buffer.from(pdf).toString('base64');
}
