import { PDFDocument, StandardFonts } from 'pdf-lib';
import { extractText, getDocumentProxy } from 'unpdf';
import { describe, expect, it } from 'vitest';
import { formatMoney } from '../../functions/core/money';
import { renderFormalNoticeLetter, toWinAnsi, wrapText } from '../../functions/send-message/letter';
import { businessCustomer, consumerCustomer, messageContext } from '../fixtures/messages';

/** The letter's text as a PDF reader extracts it, with no-break spaces made plain. */
async function letterText(pdf: Uint8Array): Promise<string> {
  const document = await getDocumentProxy(new Uint8Array(pdf));
  const { text } = await extractText(document, { mergePages: true });
  return text.replace(/[\u00a0\u202f]/g, ' ').replace(/[ \t]+/g, ' ');
}

const plainEur = (minor: number) => formatMoney(minor, 'EUR', 'fr').replace(/[\u00a0\u202f]/g, ' ');

describe('renderFormalNoticeLetter', () => {
  it('should write a one-page A4 formal notice with everything the letter needs (fr, business)', async () => {
    const context = messageContext('formal_notice');
    const pdf = await renderFormalNoticeLetter(context);

    const document = await PDFDocument.load(pdf);
    expect(document.getPageCount()).toBe(1);
    const { width, height } = document.getPage(0).getSize();
    expect([Math.round(width), Math.round(height)]).toEqual([595, 842]);
    expect(document.getTitle()).toBe('Mise en demeure de payer – FA-2026-0012');

    const text = await letterText(pdf);
    for (const expected of [
      'Atelier Dupont SAS',
      '12 rue des Lilas, 69003 Lyon',
      'SIREN 732 829 320 · RCS Lyon 732 829 320 · N° TVA intracommunautaire FR44732829320',
      'Boulangerie Martin SARL',
      'À l’attention de Marie Martin',
      '3 place Bellecour',
      '69002 Lyon',
      'Lyon, le 21/12/2026',
      'Lettre recommandée avec demande d’avis de réception',
      'Objet : Mise en demeure de payer',
      'Facture n°FA-2026-0012 du 21/10/2026, échue le 20/11/2026',
      'nous vous mettons en demeure de nous payer la somme de',
      `Principal restant dû ${plainEur(context.statement.principalMinor)}`,
      `Pénalités de retard (12,15 % l’an, 31 jours) ${plainEur(context.statement.penaltiesMinor)}`,
      'Indemnité forfaitaire pour frais de recouvrement 40,00 €',
      `Total dû ${plainEur(context.statement.totalDueMinor)}`,
      'au plus tard le 29/12/2026',
      'injonction de payer',
      'FR76 3000 6000 0112 3456 7890 189',
      'AGRIFRPP',
      'Pour Atelier Dupont SAS',
      'Page 1/1',
    ]) {
      expect(text).toContain(expected);
    }
  });

  it('should write the English letter for an English-speaking customer', async () => {
    const text = await letterText(
      await renderFormalNoticeLetter(messageContext('formal_notice', { locale: 'en' })),
    );
    for (const expected of [
      'Registered letter with acknowledgement of receipt',
      'Subject: Formal notice to pay',
      'Lyon, 21 December 2026',
      'by 29 December 2026 at the latest',
      'Fixed recovery fee €40.00',
      'injonction de payer',
    ]) {
      expect(text).toContain(expected);
    }
  });

  it('should demand only the amount due from a consumer, after a partial payment', async () => {
    const payment = { paymentId: 'pay_part', amountMinor: 50000, paidAt: '2026-12-01T10:00:00.000Z' };
    const pdf = await renderFormalNoticeLetter(
      messageContext('formal_notice', { customer: consumerCustomer, payment }),
    );
    const text = await letterText(pdf);
    expect(text).toContain('Julien Moreau');
    expect(text).toContain('Déjà réglé – 500,00 €');
    expect(text).toContain('Total dû 734,56 €');
    for (const b2bOnly of ['40,00 €', 'Pénalités', 'pénalités', 'Indemnité', 'L441-10', '12,15 %']) {
      expect(text).not.toContain(b2bOnly);
    }
  });

  it('should write names that WinAnsi cannot encode without failing', async () => {
    const customer = {
      ...businessCustomer,
      companyName: 'Łódź Café 東京 Ltd',
      name: 'Zoë Šimić',
      address: undefined,
    };
    const text = await letterText(
      await renderFormalNoticeLetter(messageContext('formal_notice', { customer })),
    );
    expect(text).toContain('Lódz Café ?? Ltd'); // ó and Š are WinAnsi, ź, ć and Ł are not
    expect(text).toContain('Zoë Šimic');
  });

  it('should give the same bytes for the same context (stable evidence hashes)', async () => {
    const context = messageContext('formal_notice');
    const first = await renderFormalNoticeLetter(context);
    const second = await renderFormalNoticeLetter(context);
    expect(Buffer.from(first).equals(Buffer.from(second))).toBe(true);
  });
});

describe('letter text helpers', () => {
  it('should make Intl narrow no-break spaces encodable and keep the rest of WinAnsi', async () => {
    const document = await PDFDocument.create();
    const font = await document.embedFont(StandardFonts.Helvetica);
    const encodable = new Set(font.getCharacterSet());
    expect(toWinAnsi('1\u202f234,56\u00a0€ – l’été', encodable)).toBe('1\u00a0234,56\u00a0€ – l’été');
    expect(toWinAnsi('Łukasz → 東', encodable)).toBe('Lukasz ? ?');
    expect(() => font.encodeText(toWinAnsi('Ω ≠ ∞ ł 😀', encodable))).not.toThrow();
  });

  it('should wrap at spaces, never inside a word or an amount', async () => {
    const document = await PDFDocument.create();
    const font = await document.embedFont(StandardFonts.Helvetica);
    const lines = wrapText('payer la somme de 1\u00a0287,30\u00a0€ au plus tard', font, 10, 80);
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.join(' ')).toBe('payer la somme de 1\u00a0287,30\u00a0€ au plus tard');
    expect(lines.some((line) => line.includes('1\u00a0287,30\u00a0€'))).toBe(true);
  });
});
