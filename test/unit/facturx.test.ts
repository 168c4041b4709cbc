import { describe, expect, it } from 'vitest';
import { embeddedInvoiceXml } from '../../functions/api/facturx-pdf';
import {
  amountToMinor,
  penaltyRateIn,
  profileOf,
  readCrossIndustryInvoice,
} from '../../functions/core/facturx/cii';
import { mayCarryFacturX } from '../../functions/core/facturx/markers';
import { FacturXError, MAX_XML_BYTES, parseInvoiceXml } from '../../functions/core/facturx/xml';
import { buildCrossIndustryInvoice, buildFacturXPdf } from '../../lib/local/facturx';
import { facturXSpec } from '../fixtures/facturx';
import { MINIMAL_PDF_BASE64 } from '../fixtures/invoices';

const encode = (text: string) => new TextEncoder().encode(text);

async function documentOf(pdf: Uint8Array) {
  const embedded = await embeddedInvoiceXml(pdf);
  if (!embedded) throw new Error('no Factur-X attachment found');
  return readCrossIndustryInvoice(parseInvoiceXml(embedded.xml));
}

function rejection(run: () => unknown): FacturXError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(FacturXError);
    return error as FacturXError;
  }
  throw new Error('expected a FacturXError');
}

const FULL_CUSTOMER = {
  id: 'C-042',
  name: 'Marie Martin',
  companyName: 'Boulangerie Martin SARL',
  email: 'marie@boulangerie-martin.fr',
  type: 'business',
};

describe('readCrossIndustryInvoice', () => {
  it('should read every field of an EN 16931 invoice, the printed penalty rate included', async () => {
    const document = await documentOf(await buildFacturXPdf(facturXSpec('EN 16931')));
    expect(document).toEqual({
      profile: 'EN 16931',
      fields: {
        number: 'FA-2026-0042',
        issueDate: '2026-10-21',
        dueDate: '2026-11-20',
        currency: 'EUR',
        totalMinor: 123456,
        purchaseOrder: 'PO-7781',
        customer: FULL_CUSTOMER,
        latePenalty: { annualRatePercent: 12.15 },
      },
      seller: { siren: '732829320', vatNumber: 'FR44732829320' },
    });
  });

  it('should read EXTENDED and XRechnung invoices like EN 16931', async () => {
    for (const profile of ['EXTENDED', 'XRECHNUNG'] as const) {
      const document = await documentOf(await buildFacturXPdf(facturXSpec(profile)));
      expect(document.profile).toBe(profile);
      expect(document.fields.customer).toEqual(FULL_CUSTOMER);
      expect(document.fields.totalMinor).toBe(123456);
    }
  });

  it('should take the company as the name and the EM electronic address as the email in BASIC and BASIC WL', async () => {
    for (const profile of ['BASIC', 'BASIC WL'] as const) {
      const document = await documentOf(await buildFacturXPdf(facturXSpec(profile)));
      expect(document.profile).toBe(profile);
      expect(document.fields).toMatchObject({
        dueDate: '2026-11-20',
        latePenalty: { annualRatePercent: 12.15 },
      });
      expect(document.fields.customer).toEqual({
        id: 'C-042',
        name: 'Boulangerie Martin SARL',
        companyName: 'Boulangerie Martin SARL',
        email: 'compta@boulangerie-martin.fr',
        type: 'business',
      });
    }
  });

  it('should read a MINIMUM invoice without due date, contact or email, identifying the buyer by SIREN', async () => {
    const document = await documentOf(await buildFacturXPdf(facturXSpec('MINIMUM')));
    expect(document.profile).toBe('MINIMUM');
    expect(document.fields).toEqual({
      number: 'FA-2026-0042',
      issueDate: '2026-10-21',
      currency: 'EUR',
      totalMinor: 123456,
      purchaseOrder: 'PO-7781',
      customer: {
        id: '552100554',
        name: 'Boulangerie Martin SARL',
        companyName: 'Boulangerie Martin SARL',
        type: 'business',
      },
    });
  });

  it('should fall back to the buyer VAT number (BT-48) when neither BT-46 nor BT-47 is given', async () => {
    const spec = facturXSpec('BASIC', {
      buyer: { ...facturXSpec('BASIC').buyer, id: undefined, siren: undefined },
    });
    expect((await documentOf(await buildFacturXPdf(spec))).fields.customer.id).toBe('FR03552100554');
  });

  it('should take the amount due (BT-115), not the grand total, when part is prepaid', async () => {
    const document = await documentOf(await buildFacturXPdf(facturXSpec('BASIC', { prepaidMinor: 23456 })));
    expect(document.fields.totalMinor).toBe(100000);
  });

  it('should refuse a credit note, a ZUGFeRD 1.0 document and a document without profile', () => {
    const creditNote = buildCrossIndustryInvoice(facturXSpec('BASIC', { typeCode: '381' }));
    expect(
      rejection(() => readCrossIndustryInvoice(parseInvoiceXml(encode(creditNote)))).issues[0]?.message,
    ).toMatch(/credit note/);
    const zugferd1 = '<rsm:CrossIndustryDocument xmlns:rsm="urn:ferd:CrossIndustryDocument:invoice:1p0"/>';
    expect(
      rejection(() => readCrossIndustryInvoice(parseInvoiceXml(encode(zugferd1)))).issues[0]?.message,
    ).toMatch(/ZUGFeRD 1\.0/);
    const noProfile = buildCrossIndustryInvoice(facturXSpec('BASIC')).replace(
      /<ram:ID>urn:[^<]*<\/ram:ID>/,
      '',
    );
    expect(
      rejection(() => readCrossIndustryInvoice(parseInvoiceXml(encode(noProfile)))).issues[0]?.message,
    ).toMatch(/BT-24/);
  });

  it('should refuse an amount with more decimals than the currency has', () => {
    const xml = buildCrossIndustryInvoice(facturXSpec('MINIMUM')).replace(
      '<ram:DuePayableAmount>1234.56<',
      '<ram:DuePayableAmount>1234.567<',
    );
    expect(rejection(() => readCrossIndustryInvoice(parseInvoiceXml(encode(xml)))).issues[0]?.path).toBe(
      'totalMinor',
    );
  });
});

describe('profileOf', () => {
  it('should name Factur-X, ZUGFeRD 2 and XRechnung guideline ids', () => {
    expect(profileOf('urn:factur-x.eu:1p0:minimum')).toBe('MINIMUM');
    expect(profileOf('urn:factur-x.eu:1p0:basicwl')).toBe('BASIC WL');
    expect(profileOf('urn:cen.eu:en16931:2017#compliant#urn:factur-x.eu:1p0:basic')).toBe('BASIC');
    expect(profileOf('urn:cen.eu:en16931:2017')).toBe('EN 16931');
    expect(profileOf('urn:cen.eu:en16931:2017#conformant#urn:factur-x.eu:1p0:extended')).toBe('EXTENDED');
    expect(profileOf('urn:cen.eu:en16931:2017#compliant#urn:zugferd.de:2p0:basic')).toBe('BASIC');
    expect(profileOf('urn:zugferd.de:2p0:minimum')).toBe('MINIMUM');
    expect(profileOf('urn:cen.eu:en16931:2017#compliant#urn:xoev-de:kosit:standard:xrechnung_2.3')).toBe(
      'XRECHNUNG',
    );
    expect(profileOf('urn:example:other')).toBeUndefined();
  });
});

describe('penaltyRateIn', () => {
  it('should read the rate printed next to the penalty wording', () => {
    expect(penaltyRateIn('Pénalités de retard : 12,15 % l’an')).toBe(12.15);
    expect(penaltyRateIn('En cas de retard, pénalités au taux annuel de 13.5%.')).toBe(13.5);
    expect(penaltyRateIn('Intérêts de retard: 10 %')).toBe(10);
    expect(penaltyRateIn('Late payment interest: 12.15% per year')).toBe(12.15);
  });

  it('should not take another percentage for the penalty rate', () => {
    expect(
      penaltyRateIn('Escompte pour paiement anticipé : 2 %. Pénalités : trois fois le taux légal.'),
    ).toBeUndefined();
    expect(penaltyRateIn('Pénalités de retard : 3 fois le taux légal; remise 5 %')).toBeUndefined();
    expect(penaltyRateIn('Paiement à 30 jours')).toBeUndefined();
  });
});

describe('amountToMinor', () => {
  it('should convert exact decimals to minor units of the currency', () => {
    expect(amountToMinor('1234.56', 'EUR')).toBe(123456);
    expect(amountToMinor('1234.5', 'EUR')).toBe(123450);
    expect(amountToMinor('1234.5000', 'EUR')).toBe(123450);
    expect(amountToMinor('1500', 'JPY')).toBe(1500);
    expect(amountToMinor('1.5', 'JPY')).toBeUndefined();
    expect(amountToMinor('1e5', 'EUR')).toBeUndefined();
  });
});

describe('parseInvoiceXml', () => {
  it('should refuse a billion-laughs document before parsing it', () => {
    const lol = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">${Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i === 0 ? '' : i};`.repeat(10)}">`).join('')}]><lolz>&lol9;</lolz>`;
    expect(rejection(() => parseInvoiceXml(encode(lol))).issues[0]?.message).toMatch(/DOCTYPE/);
  });

  it('should refuse external entities, even with odd case and spacing', () => {
    const xxe = '<?xml version="1.0"?>\n<!doctype r [ <!ENTITY x SYSTEM "file:///etc/passwd"> ]><r>&x;</r>';
    expect(() => parseInvoiceXml(encode(xxe))).toThrow(FacturXError);
  });

  it('should refuse deep nesting, oversized and non-UTF-8 documents and malformed XML', () => {
    expect(() => parseInvoiceXml(encode(`${'<a>'.repeat(100_000)}${'</a>'.repeat(100_000)}`))).toThrow(
      FacturXError,
    );
    expect(
      rejection(() => parseInvoiceXml(new Uint8Array(MAX_XML_BYTES + 1).fill(32))).issues[0]?.message,
    ).toMatch(/larger than/);
    expect(() =>
      parseInvoiceXml(new Uint8Array([0x3c, 0x61, 0x3e, 0xff, 0xfe, 0x3c, 0x2f, 0x61, 0x3e])),
    ).toThrow(FacturXError);
    expect(() => parseInvoiceXml(encode('<a><b></a>'))).toThrow(FacturXError);
    expect(() => parseInvoiceXml(encode(''))).toThrow(FacturXError);
  });

  it('should decode the XML entities and character references of names', () => {
    const parsed = parseInvoiceXml(encode('<r><n>Martin &amp; Fils &#233;</n></r>'));
    expect(parsed).toEqual({ r: { n: 'Martin & Fils é' } });
  });
});

describe('embeddedInvoiceXml', () => {
  it('should find the invoice under every Factur-X, ZUGFeRD and XRechnung file name', async () => {
    for (const fileName of ['factur-x.xml', 'zugferd-invoice.xml', 'ZUGFeRD-invoice.xml', 'xrechnung.xml']) {
      const pdf = await buildFacturXPdf(facturXSpec('BASIC'), { fileName });
      expect((await embeddedInvoiceXml(pdf))?.fileName).toBe(fileName);
      expect((await documentOf(pdf)).fields.number).toBe('FA-2026-0042');
    }
  });

  it('should ignore other attachments and PDFs without any', async () => {
    expect(
      await embeddedInvoiceXml(await buildFacturXPdf(facturXSpec('BASIC'), { fileName: 'notes.xml' })),
    ).toBeUndefined();
    expect(await embeddedInvoiceXml(Buffer.from(MINIMAL_PDF_BASE64, 'base64'))).toBeUndefined();
  });

  it('should stop a compressed XML bomb at the size cap', async () => {
    const pdf = await buildFacturXPdf(facturXSpec('BASIC'), {
      xml: new Uint8Array(MAX_XML_BYTES * 4).fill(0x61),
    });
    expect(pdf.length).toBeLessThan(100_000);
    const error = await embeddedInvoiceXml(pdf).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(FacturXError);
    expect((error as FacturXError).issues[0]?.message).toMatch(/larger than/);
  });

  it('should answer a corrupt PDF with a FacturXError', async () => {
    const pdf = await buildFacturXPdf(facturXSpec('BASIC'));
    await expect(embeddedInvoiceXml(pdf.slice(0, 200))).rejects.toThrow(FacturXError);
  });
});

describe('mayCarryFacturX', () => {
  it('should spot an embedded file without parsing and pass a plain PDF by', async () => {
    expect(mayCarryFacturX(await buildFacturXPdf(facturXSpec('MINIMUM')))).toBe(true);
    expect(mayCarryFacturX(Buffer.from(MINIMAL_PDF_BASE64, 'base64'))).toBe(false);
  });
});
