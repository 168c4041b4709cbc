import { isIsoCurrency, minorUnitDigits } from '../money';
import { attributeOf, child, children, FacturXError, textOf, type XmlNode, type XmlValue } from './xml';

/**
 * Maps a UN/CEFACT Cross Industry Invoice (CII D16B, the XML inside Factur-X and ZUGFeRD 2) to the
 * fields of our invoice, by EN 16931 business term (BT). Pure: no I/O, no AWS.
 */

/** Factur-X profiles, from the guideline id BT-24 (ZUGFeRD 2 and XRechnung ids included). */
export type FacturXProfile = 'MINIMUM' | 'BASIC WL' | 'BASIC' | 'EN 16931' | 'EXTENDED' | 'XRECHNUNG';

/** What the document says, in the API's JSON shape; absent fields are absent from the document. */
export interface FacturXFields {
  number?: string;
  issueDate?: string;
  dueDate?: string;
  currency?: string;
  totalMinor?: number;
  purchaseOrder?: string;
  customer: {
    id?: string;
    name?: string;
    companyName?: string;
    email?: string;
    type: 'business';
  };
  latePenalty?: { annualRatePercent: number };
}

export interface FacturXDocument {
  readonly profile: FacturXProfile;
  readonly fields: FacturXFields;
  /** The seller as the document identifies it (BT-30 SIREN, BT-31 VAT number). */
  readonly seller: { readonly siren?: string; readonly vatNumber?: string };
}

/** How an invoice reached us: fully in JSON, or read from its Factur-X document. */
export type InvoiceOrigin =
  | { readonly source: 'json' }
  | {
      readonly source: 'factur-x';
      readonly profile: FacturXProfile;
      /** The seller as the document names it, checked against the seller profile. */
      readonly seller: FacturXDocument['seller'];
    };

// Credit notes and their kin (UNTDID 1001): nothing to chase.
const CREDIT_NOTE_TYPES = new Set([
  '81',
  '83',
  '261',
  '262',
  '296',
  '308',
  '381',
  '396',
  '420',
  '458',
  '532',
]);

/** The profile of a guideline id; `undefined` when it is not a Factur-X/ZUGFeRD/XRechnung id. */
export function profileOf(guideline: string): FacturXProfile | undefined {
  const id = guideline.toLowerCase();
  if (id.includes('xrechnung')) return 'XRECHNUNG';
  if (id.includes(':minimum')) return 'MINIMUM';
  if (id.includes(':basicwl')) return 'BASIC WL';
  if (id.includes(':basic')) return 'BASIC';
  if (id.includes(':extended')) return 'EXTENDED';
  if (id.startsWith('urn:cen.eu:en16931:2017')) return 'EN 16931';
  return undefined;
}

function invalid(path: string, message: string): FacturXError {
  return new FacturXError('The Factur-X document cannot be used as it is.', [{ path, message }]);
}

/** A CII date (`udt:DateTimeString`, format 102 = YYYYMMDD) as `YYYY-MM-DD`. */
function dateOf(node: XmlValue | undefined, path: string, term: string): string | undefined {
  const element = child(node, 'DateTimeString');
  const value = textOf(element);
  if (value === undefined) return undefined;
  const format = attributeOf(element, 'format') ?? '102';
  const match = /^(\d{4})(\d{2})(\d{2})$/.exec(value);
  if (format !== '102' || !match)
    throw invalid(path, `${term} must be a calendar date (format 102, YYYYMMDD)`);
  return `${match[1]}-${match[2]}-${match[3]}`;
}

/** An exact decimal amount ("1234.56") as integer minor units of the currency. */
export function amountToMinor(value: string, currency: string): number | undefined {
  const match = /^(-?)(\d{1,15})(?:\.(\d{1,6}))?$/.exec(value.trim());
  if (!match) return undefined;
  const digits = minorUnitDigits(currency);
  const fraction = (match[3] ?? '').replace(/0+$/, '');
  if (fraction.length > digits) return undefined;
  const minor = Number(`${match[2]}${fraction.padEnd(digits, '0')}`);
  return match[1] === '-' ? -minor : minor;
}

/**
 * A penalty rate printed in the payment terms (BT-20), e.g. « Pénalités de retard : 12,15 % l'an »
 * or "late payment interest: 12.15%". The number must follow the words within the same clause, so
 * an early-payment discount ("escompte 2 %") in another sentence is never taken for it.
 */
export function penaltyRateIn(terms: string): number | undefined {
  const match =
    /(?:p[ée]nalit[ée]s?|int[ée]r[êe]ts?\s+de\s+retard|late[\s-]+payment\s+(?:penalt(?:y|ies)|interest)|late\s+penalt(?:y|ies))[^%.;\n]{0,80}?(\d{1,3}(?:[.,]\d{1,4})?)\s*%/iu.exec(
      terms,
    );
  if (!match?.[1]) return undefined;
  const rate = Number(match[1].replace(',', '.'));
  return rate > 0 && rate <= 100 ? rate : undefined;
}

/** The SIREN of a French legal-registration id: a SIREN (9 digits) or the SIRET that starts with it. */
function sirenOf(id: string | undefined): string | undefined {
  const digits = id?.replace(/\s+/g, '');
  if (digits && /^\d{9}(\d{5})?$/.test(digits)) return digits.slice(0, 9);
  return undefined;
}

function taxRegistration(party: XmlValue | undefined): string | undefined {
  for (const registration of children(party, 'SpecifiedTaxRegistration')) {
    const id = child(registration, 'ID');
    if ((attributeOf(id, 'schemeID') ?? 'VA') === 'VA') return textOf(id)?.replace(/\s+/g, '').toUpperCase();
  }
  return undefined;
}

/** Reads the fields we need from a parsed CII document; throws {@link FacturXError} when unusable. */
export function readCrossIndustryInvoice(root: XmlNode): FacturXDocument {
  const invoice = root.CrossIndustryInvoice;
  if (invoice === undefined || typeof invoice === 'string' || Array.isArray(invoice)) {
    const found = Object.keys(root)[0] ?? 'nothing';
    throw invalid(
      'pdf',
      found === 'CrossIndustryDocument'
        ? 'ZUGFeRD 1.0 documents are not supported: send Factur-X or ZUGFeRD 2 (CrossIndustryInvoice)'
        : `the embedded XML is not a CII invoice (root element ${found.slice(0, 60)})`,
    );
  }
  const guideline = textOf(
    child(invoice, 'ExchangedDocumentContext', 'GuidelineSpecifiedDocumentContextParameter', 'ID'),
  );
  const profile = guideline ? profileOf(guideline) : undefined;
  if (!profile) throw invalid('pdf', 'the document does not state a Factur-X profile (BT-24)');

  const document = child(invoice, 'ExchangedDocument');
  const typeCode = textOf(child(document, 'TypeCode'));
  if (typeCode && CREDIT_NOTE_TYPES.has(typeCode)) {
    throw invalid('pdf', `the document is a credit note (BT-3 = ${typeCode}), not an invoice to collect`);
  }
  const transaction = child(invoice, 'SupplyChainTradeTransaction');
  const agreement = child(transaction, 'ApplicableHeaderTradeAgreement');
  const settlement = child(transaction, 'ApplicableHeaderTradeSettlement');
  const buyer = child(agreement, 'BuyerTradeParty');
  const sellerParty = child(agreement, 'SellerTradeParty');
  const terms = child(settlement, 'SpecifiedTradePaymentTerms');

  const currency = textOf(child(settlement, 'InvoiceCurrencyCode'))?.toUpperCase();
  if (currency !== undefined && !isIsoCurrency(currency)) {
    throw invalid('currency', `BT-5 "${currency.slice(0, 10)}" is not an ISO 4217 currency`);
  }
  const duePayable = textOf(
    child(settlement, 'SpecifiedTradeSettlementHeaderMonetarySummation', 'DuePayableAmount'),
  );
  let totalMinor: number | undefined;
  if (duePayable !== undefined && currency !== undefined) {
    totalMinor = amountToMinor(duePayable, currency);
    if (totalMinor === undefined) {
      throw invalid('totalMinor', `BT-115 "${duePayable.slice(0, 30)}" is not an amount in ${currency}`);
    }
  }

  const buyerSiren = textOf(child(buyer, 'SpecifiedLegalOrganization', 'ID'));
  const customerId =
    textOf(child(buyer, 'ID')) ?? textOf(child(buyer, 'GlobalID')) ?? buyerSiren ?? taxRegistration(buyer);
  const companyName = textOf(child(buyer, 'Name'));
  const contact = child(buyer, 'DefinedTradeContact');
  const contactName = textOf(child(contact, 'PersonName'));
  const electronicAddress = child(buyer, 'URIUniversalCommunication', 'URIID');
  const email =
    textOf(child(contact, 'EmailURIUniversalCommunication', 'URIID')) ??
    (attributeOf(electronicAddress, 'schemeID') === 'EM' ? textOf(electronicAddress) : undefined);
  const rate = children(settlement, 'SpecifiedTradePaymentTerms')
    .map((term) => textOf(child(term, 'Description')))
    .map((description) => (description ? penaltyRateIn(description) : undefined))
    .find((value) => value !== undefined);

  const fields: FacturXFields = {
    number: textOf(child(document, 'ID')),
    issueDate: dateOf(child(document, 'IssueDateTime'), 'issueDate', 'BT-2'),
    dueDate: dateOf(child(terms, 'DueDateDateTime'), 'dueDate', 'BT-9'),
    currency,
    totalMinor,
    purchaseOrder: textOf(child(agreement, 'BuyerOrderReferencedDocument', 'IssuerAssignedID')),
    customer: {
      id: customerId,
      name: contactName ?? companyName,
      companyName,
      email,
      type: 'business',
    },
    ...(rate !== undefined ? { latePenalty: { annualRatePercent: rate } } : {}),
  };
  const sellerSiren = sirenOf(textOf(child(sellerParty, 'SpecifiedLegalOrganization', 'ID')));
  const sellerVat = taxRegistration(sellerParty);
  return {
    profile,
    fields: withoutUndefined(fields),
    seller: {
      ...(sellerSiren ? { siren: sellerSiren } : {}),
      ...(sellerVat ? { vatNumber: sellerVat } : {}),
    },
  };
}

function withoutUndefined(fields: FacturXFields): FacturXFields {
  const customer = Object.fromEntries(
    Object.entries(fields.customer).filter(([, value]) => value !== undefined),
  ) as FacturXFields['customer'];
  const top = Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));
  return { ...top, customer } as FacturXFields;
}
