import { XMLBuilder } from 'fast-xml-parser';
import { AFRelationship, PDFDocument, PDFName, StandardFonts } from 'pdf-lib';
import type { FacturXProfile } from '../../functions/core/facturx/cii';
import { formatMoney, toDecimalString } from '../../functions/core/money';

/**
 * Builds Factur-X sample invoices: the CII XML from a typed description (fast-xml-parser's builder,
 * never hand-typed XML) embedded with pdf-lib as a PDF/A-3 associated file (AFRelationship, XMP
 * identification). Used by `scripts/generate-facturx-sample.ts`, the demo and the tests.
 * Not a full PDF/A-3 producer: the fonts are not embedded and there is no output intent.
 */

export interface FacturXInvoiceSpec {
  readonly profile: FacturXProfile;
  readonly number: string;
  /** BT-3; 380 = commercial invoice (the default), 381 = credit note. */
  readonly typeCode?: string;
  readonly issueDate: string;
  readonly dueDate?: string;
  readonly currency: string;
  readonly seller: { readonly name: string; readonly siren?: string; readonly vatNumber?: string };
  readonly buyer: {
    readonly id?: string;
    readonly name: string;
    readonly siren?: string;
    readonly vatNumber?: string;
    readonly contactName?: string;
    readonly contactEmail?: string;
    /** BT-49 with scheme EM. */
    readonly electronicAddress?: string;
    readonly address?: { line1: string; postalCode: string; city: string; country: string };
  };
  readonly purchaseOrder?: string;
  readonly paymentTerms?: string;
  readonly lines: readonly { name: string; quantity: number; unitPriceMinor: number }[];
  readonly vatRatePercent: number;
  readonly prepaidMinor?: number;
}

export const GUIDELINES: Readonly<Record<FacturXProfile, string>> = {
  MINIMUM: 'urn:factur-x.eu:1p0:minimum',
  'BASIC WL': 'urn:factur-x.eu:1p0:basicwl',
  BASIC: 'urn:cen.eu:en16931:2017#compliant#urn:factur-x.eu:1p0:basic',
  'EN 16931': 'urn:cen.eu:en16931:2017',
  EXTENDED: 'urn:cen.eu:en16931:2017#conformant#urn:factur-x.eu:1p0:extended',
  XRECHNUNG: 'urn:cen.eu:en16931:2017#compliant#urn:xeinkauf.de:kosit:xrechnung_3.0',
};

const NAMESPACES = {
  '@_xmlns:rsm': 'urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100',
  '@_xmlns:qdt': 'urn:un:unece:uncefact:data:standard:QualifiedDataType:100',
  '@_xmlns:ram': 'urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100',
  '@_xmlns:udt': 'urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100',
};

const builder = new XMLBuilder({ ignoreAttributes: false, format: true, suppressEmptyNode: true });

/** The amounts of a spec: line total, VAT, grand total and amount due, in minor units. */
export function totalsOf(spec: FacturXInvoiceSpec) {
  const lineTotalMinor = spec.lines.reduce((sum, line) => sum + line.quantity * line.unitPriceMinor, 0);
  const taxMinor = Math.round((lineTotalMinor * spec.vatRatePercent) / 100);
  const grandTotalMinor = lineTotalMinor + taxMinor;
  return {
    lineTotalMinor,
    taxMinor,
    grandTotalMinor,
    duePayableMinor: grandTotalMinor - (spec.prepaidMinor ?? 0),
  };
}

const date = (iso: string) => ({
  'udt:DateTimeString': { '@_format': '102', '#text': iso.replaceAll('-', '') },
});

/** The CII XML (D16B) of a spec, with only the elements its profile carries. */
export function buildCrossIndustryInvoice(spec: FacturXInvoiceSpec): string {
  const rank = ['MINIMUM', 'BASIC WL', 'BASIC', 'EN 16931', 'EXTENDED', 'XRECHNUNG'].indexOf(spec.profile);
  const atLeastBasicWl = rank >= 1;
  const withLines = rank >= 2;
  const withContact = rank >= 3;
  const amount = (minor: number) => toDecimalString(minor, spec.currency);
  const totals = totalsOf(spec);
  const { buyer } = spec;
  const lineItems = spec.lines.map((line, index) => ({
    'ram:AssociatedDocumentLineDocument': { 'ram:LineID': index + 1 },
    'ram:SpecifiedTradeProduct': { 'ram:Name': line.name },
    'ram:SpecifiedLineTradeAgreement': {
      'ram:NetPriceProductTradePrice': { 'ram:ChargeAmount': amount(line.unitPriceMinor) },
    },
    'ram:SpecifiedLineTradeDelivery': {
      'ram:BilledQuantity': { '@_unitCode': 'C62', '#text': line.quantity },
    },
    'ram:SpecifiedLineTradeSettlement': {
      'ram:ApplicableTradeTax': {
        'ram:TypeCode': 'VAT',
        'ram:CategoryCode': 'S',
        'ram:RateApplicablePercent': spec.vatRatePercent,
      },
      'ram:SpecifiedTradeSettlementLineMonetarySummation': {
        'ram:LineTotalAmount': amount(line.quantity * line.unitPriceMinor),
      },
    },
  }));
  const document = {
    'rsm:CrossIndustryInvoice': {
      ...NAMESPACES,
      'rsm:ExchangedDocumentContext': {
        'ram:GuidelineSpecifiedDocumentContextParameter': { 'ram:ID': GUIDELINES[spec.profile] },
      },
      'rsm:ExchangedDocument': {
        'ram:ID': spec.number,
        'ram:TypeCode': spec.typeCode ?? '380',
        'ram:IssueDateTime': date(spec.issueDate),
      },
      'rsm:SupplyChainTradeTransaction': {
        ...(withLines ? { 'ram:IncludedSupplyChainTradeLineItem': lineItems } : {}),
        'ram:ApplicableHeaderTradeAgreement': {
          'ram:SellerTradeParty': {
            'ram:Name': spec.seller.name,
            ...(spec.seller.siren
              ? {
                  'ram:SpecifiedLegalOrganization': {
                    'ram:ID': { '@_schemeID': '0002', '#text': spec.seller.siren },
                  },
                }
              : {}),
            'ram:PostalTradeAddress': { 'ram:CountryID': 'FR' },
            ...(spec.seller.vatNumber
              ? {
                  'ram:SpecifiedTaxRegistration': {
                    'ram:ID': { '@_schemeID': 'VA', '#text': spec.seller.vatNumber },
                  },
                }
              : {}),
          },
          'ram:BuyerTradeParty': {
            ...(atLeastBasicWl && buyer.id ? { 'ram:ID': buyer.id } : {}),
            'ram:Name': buyer.name,
            ...(buyer.siren
              ? {
                  'ram:SpecifiedLegalOrganization': {
                    'ram:ID': { '@_schemeID': '0002', '#text': buyer.siren },
                  },
                }
              : {}),
            ...(withContact && (buyer.contactName || buyer.contactEmail)
              ? {
                  'ram:DefinedTradeContact': {
                    ...(buyer.contactName ? { 'ram:PersonName': buyer.contactName } : {}),
                    ...(buyer.contactEmail
                      ? { 'ram:EmailURIUniversalCommunication': { 'ram:URIID': buyer.contactEmail } }
                      : {}),
                  },
                }
              : {}),
            ...(atLeastBasicWl && buyer.address
              ? {
                  'ram:PostalTradeAddress': {
                    'ram:PostcodeCode': buyer.address.postalCode,
                    'ram:LineOne': buyer.address.line1,
                    'ram:CityName': buyer.address.city,
                    'ram:CountryID': buyer.address.country,
                  },
                }
              : {}),
            ...(atLeastBasicWl && buyer.electronicAddress
              ? {
                  'ram:URIUniversalCommunication': {
                    'ram:URIID': { '@_schemeID': 'EM', '#text': buyer.electronicAddress },
                  },
                }
              : {}),
            ...(buyer.vatNumber
              ? {
                  'ram:SpecifiedTaxRegistration': {
                    'ram:ID': { '@_schemeID': 'VA', '#text': buyer.vatNumber },
                  },
                }
              : {}),
          },
          ...(spec.purchaseOrder
            ? { 'ram:BuyerOrderReferencedDocument': { 'ram:IssuerAssignedID': spec.purchaseOrder } }
            : {}),
        },
        'ram:ApplicableHeaderTradeDelivery': '',
        'ram:ApplicableHeaderTradeSettlement': {
          'ram:InvoiceCurrencyCode': spec.currency,
          ...(atLeastBasicWl
            ? {
                'ram:ApplicableTradeTax': {
                  'ram:CalculatedAmount': amount(totals.taxMinor),
                  'ram:TypeCode': 'VAT',
                  'ram:BasisAmount': amount(totals.lineTotalMinor),
                  'ram:CategoryCode': 'S',
                  'ram:RateApplicablePercent': spec.vatRatePercent,
                },
              }
            : {}),
          ...(atLeastBasicWl && (spec.paymentTerms || spec.dueDate)
            ? {
                'ram:SpecifiedTradePaymentTerms': {
                  ...(spec.paymentTerms ? { 'ram:Description': spec.paymentTerms } : {}),
                  ...(spec.dueDate ? { 'ram:DueDateDateTime': date(spec.dueDate) } : {}),
                },
              }
            : {}),
          'ram:SpecifiedTradeSettlementHeaderMonetarySummation': {
            ...(atLeastBasicWl ? { 'ram:LineTotalAmount': amount(totals.lineTotalMinor) } : {}),
            'ram:TaxBasisTotalAmount': amount(totals.lineTotalMinor),
            'ram:TaxTotalAmount': { '@_currencyID': spec.currency, '#text': amount(totals.taxMinor) },
            'ram:GrandTotalAmount': amount(totals.grandTotalMinor),
            ...(spec.prepaidMinor ? { 'ram:TotalPrepaidAmount': amount(spec.prepaidMinor) } : {}),
            'ram:DuePayableAmount': amount(totals.duePayableMinor),
          },
        },
      },
    },
  };
  return `<?xml version="1.0" encoding="UTF-8"?>\n${builder.build(document)}`;
}

/** The XMP packet that identifies a PDF/A-3 Factur-X (pdfaid + the fx extension schema). */
function xmpFor(spec: FacturXInvoiceSpec, fileName: string): string {
  const fxProperty = (name: string, description: string) => ({
    'rdf:li': {
      '@_rdf:parseType': 'Resource',
      'pdfaProperty:name': name,
      'pdfaProperty:valueType': 'Text',
      'pdfaProperty:category': 'external',
      'pdfaProperty:description': description,
    },
  });
  const packet = {
    'x:xmpmeta': {
      '@_xmlns:x': 'adobe:ns:meta/',
      'rdf:RDF': {
        '@_xmlns:rdf': 'http://www.w3.org/1999/02/22-rdf-syntax-ns#',
        'rdf:Description': [
          {
            '@_rdf:about': '',
            '@_xmlns:pdfaid': 'http://www.aiim.org/pdfa/ns/id/',
            'pdfaid:part': 3,
            'pdfaid:conformance': 'B',
          },
          {
            '@_rdf:about': '',
            '@_xmlns:fx': 'urn:factur-x:pdfa:CrossIndustryDocument:invoice:1p0#',
            'fx:DocumentType': 'INVOICE',
            'fx:DocumentFileName': fileName,
            'fx:Version': '1.0',
            'fx:ConformanceLevel': spec.profile,
          },
          {
            '@_rdf:about': '',
            '@_xmlns:pdfaExtension': 'http://www.aiim.org/pdfa/ns/extension/',
            '@_xmlns:pdfaSchema': 'http://www.aiim.org/pdfa/ns/schema#',
            '@_xmlns:pdfaProperty': 'http://www.aiim.org/pdfa/ns/property#',
            'pdfaExtension:schemas': {
              'rdf:Bag': {
                'rdf:li': {
                  '@_rdf:parseType': 'Resource',
                  'pdfaSchema:schema': 'Factur-X PDFA Extension Schema',
                  'pdfaSchema:namespaceURI': 'urn:factur-x:pdfa:CrossIndustryDocument:invoice:1p0#',
                  'pdfaSchema:prefix': 'fx',
                  'pdfaSchema:property': {
                    'rdf:Seq': [
                      fxProperty('DocumentFileName', 'The name of the embedded XML document'),
                      fxProperty('DocumentType', 'The type of the hybrid document'),
                      fxProperty('Version', 'The version of the XML schema'),
                      fxProperty('ConformanceLevel', 'The Factur-X profile of the XML document'),
                    ],
                  },
                },
              },
            },
          },
        ],
      },
    },
  };
  return builder.build(packet);
}

export interface FacturXPdfOptions {
  /** The attachment's name: `factur-x.xml` unless a ZUGFeRD/XRechnung name is wanted. */
  readonly fileName?: string;
  /** Replaces the built XML (tests of hostile or broken documents). */
  readonly xml?: string | Uint8Array;
}

/** A one-page invoice PDF carrying the spec's CII XML as a PDF/A-3 associated file. */
export async function buildFacturXPdf(
  spec: FacturXInvoiceSpec,
  options: FacturXPdfOptions = {},
): Promise<Uint8Array> {
  const fileName = options.fileName ?? 'factur-x.xml';
  const xml = options.xml ?? buildCrossIndustryInvoice(spec);
  const fixed = new Date(`${spec.issueDate}T08:00:00Z`);
  const doc = await PDFDocument.create();
  doc.setTitle(`Facture ${spec.number}`);
  doc.setAuthor(spec.seller.name);
  doc.setProducer('Relance sample generator (pdf-lib, fast-xml-parser)');
  doc.setCreator('Relance');
  doc.setCreationDate(fixed);
  doc.setModificationDate(fixed);
  const page = doc.addPage([595.28, 841.89]);
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  const totals = totalsOf(spec);
  const rows: [string, boolean][] = [
    [spec.seller.name, true],
    [`SIREN ${spec.seller.siren ?? '-'} - TVA ${spec.seller.vatNumber ?? '-'}`, false],
    ['', false],
    [`FACTURE ${spec.number}`, true],
    [`Date : ${spec.issueDate}${spec.dueDate ? ` - échéance : ${spec.dueDate}` : ''}`, false],
    [`Client : ${spec.buyer.name}${spec.purchaseOrder ? ` - commande ${spec.purchaseOrder}` : ''}`, false],
    ['', false],
    ...spec.lines.map((line): [string, boolean] => [
      `${line.quantity} x ${line.name} : ${formatMoney(line.quantity * line.unitPriceMinor, spec.currency, 'fr')}`,
      false,
    ]),
    ['', false],
    [`Total HT : ${formatMoney(totals.lineTotalMinor, spec.currency, 'fr')}`, false],
    [`TVA ${spec.vatRatePercent} % : ${formatMoney(totals.taxMinor, spec.currency, 'fr')}`, false],
    [`Net à payer : ${formatMoney(totals.duePayableMinor, spec.currency, 'fr')}`, true],
    ['', false],
    [spec.paymentTerms ?? '', false],
    ['Factur-X : les données de cette facture sont jointes au PDF (factur-x.xml).', false],
  ];
  rows.forEach(([text, strong], index) => {
    // Standard fonts encode WinAnsi only: narrow no-break spaces from Intl become plain spaces.
    const printable = text.replace(/[\u202f\u00a0]/g, ' ');
    page.drawText(printable, {
      x: 56,
      y: 780 - index * 18,
      size: strong ? 13 : 10,
      font: strong ? bold : font,
      maxWidth: 480,
    });
  });
  await doc.attach(typeof xml === 'string' ? new TextEncoder().encode(xml) : xml, fileName, {
    mimeType: 'text/xml',
    description: 'Factur-X invoice data',
    creationDate: fixed,
    modificationDate: fixed,
    afRelationship:
      spec.profile === 'MINIMUM' || spec.profile === 'BASIC WL'
        ? AFRelationship.Data
        : AFRelationship.Alternative,
  });
  const metadata = doc.context.stream(xmpFor(spec, fileName), { Type: 'Metadata', Subtype: 'XML' });
  doc.catalog.set(PDFName.of('Metadata'), doc.context.register(metadata));
  return doc.save();
}
