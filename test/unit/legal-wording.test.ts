import { extractText, getDocumentProxy } from 'unpdf';
import { describe, expect, it } from 'vitest';
import { type Seller, sellerSchema } from '../../functions/core/schemas';
import { renderFormalNoticeLetter } from '../../functions/send-message/letter';
import { renderMessage } from '../../functions/send-message/render';
import { consumerCustomer, messageContext, seller } from '../fixtures/messages';
import { atelierDupont } from '../fixtures/sellers';

/** The wording the legal rules of docs/domain.md require, message by message. */

const plain = (text: string) => text.replace(/[\u00a0\u202f]/g, ' ');
const render = (...args: Parameters<typeof messageContext>) => {
  const message = renderMessage(messageContext(...args));
  return { subject: plain(message.subject), text: plain(message.text), html: plain(message.html) };
};

async function letterText(pdf: Uint8Array): Promise<string> {
  const { text } = await extractText(await getDocumentProxy(new Uint8Array(pdf)), { mergePages: true });
  return plain(text).replace(/[ \t]+/g, ' ');
}

const CUSTOMER_STEPS = [
  'courtesy_reminder',
  'first_reminder',
  'second_reminder',
  'formal_notice',
  'thank_you',
] as const;

describe('consumer wording (no recovery costs on consumers, art. L111-8 CPCE)', () => {
  it('should never tell a consumer that costs may be charged to them, in any step, locale or tone', () => {
    for (const step of CUSTOMER_STEPS) {
      for (const locale of ['fr', 'en'] as const) {
        for (const tone of ['good', 'standard', 'bad'] as const) {
          const { text } = render(step, { locale, tone, customer: consumerCustomer });
          expect(text, `${step} ${locale} ${tone}`).not.toMatch(
            /frais|mis à votre charge|costs|charged to you/i,
          );
        }
      }
    }
  });

  it('should keep the costs warning for business customers', () => {
    expect(render('formal_notice').text).toContain('dont les frais pourront être mis à votre charge');
    expect(render('second_reminder', { tone: 'bad' }).text).toContain('mis à votre charge');
  });

  it('should tell a consumer that legal-rate interest runs from the day after the notice', () => {
    expect(render('formal_notice', { customer: consumerCustomer }).text).toContain(
      'À compter du lendemain de la présente mise en demeure, la somme due porte intérêts au taux légal jusqu’à son complet paiement (articles 1231-6 et 1344-1 du Code civil).',
    );
    expect(render('formal_notice', { customer: consumerCustomer, locale: 'en' }).text).toContain(
      'bears interest at the French legal rate',
    );
    expect(render('formal_notice').text).not.toContain('taux légal jusqu’à');
  });

  it('should say the same in the consumer letter, without the costs warning', async () => {
    const text = await letterText(
      await renderFormalNoticeLetter(messageContext('formal_notice', { customer: consumerCustomer })),
    );
    expect(text).toContain('porte intérêts au taux légal');
    expect(text).not.toMatch(/frais pourront/);
    expect(text).toContain('au plus tard le 29/12/2026');
  });

  it('should show the legal interest accrued to a consumer in the escalation statement', () => {
    // Notice 21 December, escalation 30 December: 9 days at 2.62 % on 1 234,56 € = 0,80 €.
    const { text } = render('escalation', { customer: consumerCustomer });
    expect(text).toContain('Intérêts au taux légal depuis la mise en demeure');
    expect(text).toContain('0,80 €');
    expect(text).toContain('article L111-8');
  });
});

describe('penalty rate wording', () => {
  const statutorySeller: Seller = sellerSchema.parse({ ...atelierDupont, latePenalty: undefined });

  it('should name the terms of sale for a contractual rate', () => {
    expect(render('second_reminder').text).toContain(
      'au taux annuel de 12,15 % prévu par nos conditions générales de vente',
    );
  });

  it('should name the statutory rate (ECB + 10 points) when the seller sets none', () => {
    const { text } = render('second_reminder', { seller: statutorySeller });
    expect(text).toContain(
      'au taux de 12,15 % l’an (taux de refinancement de la Banque centrale européenne majoré de 10 points)',
    );
    expect(text).not.toContain('conditions générales de vente');
  });
});

describe('thank-you after the principal, penalties unpaid', () => {
  it('should say the invoice is fully paid in waive mode', () => {
    expect(render('thank_you').text).toContain('Elle est désormais entièrement réglée.');
  });

  it('should list what is still due and how to pay in claim mode, never "entièrement réglée"', () => {
    // Paid 2 December, 12 days late: 1 234,56 € × 12.15 % × 12 / 365 = 4,93 €, plus the 40 € indemnity.
    const { text } = render('thank_you', { extrasClaimed: true });
    expect(text).not.toContain('entièrement réglée');
    expect(text).toContain('Le principal de la facture est désormais réglé.');
    expect(text).toContain('Restent dus au titre du retard de paiement 44,93 €');
    expect(text).toMatch(/Pénalités de retard \(12,15 % l’an, 12 jours\) : 4,93 €/);
    expect(text).toMatch(/Indemnité forfaitaire pour frais de recouvrement : 40,00 €/);
    expect(text).toContain('FR76 3000 6000 0112 3456 7890 189');
    const english = render('thank_you', { extrasClaimed: true, locale: 'en' }).text;
    expect(english).not.toContain('paid in full');
    expect(english).toContain('Still due for the late payment: €44.93');
  });
});

describe('legal identity (legal form and share capital)', () => {
  const garnier: Seller = sellerSchema.parse({
    ...atelierDupont,
    legalName: 'Menuiserie Garnier',
    legalForm: 'SARL',
    shareCapitalMinor: 1_000_000,
  });

  it('should print "Menuiserie Garnier SARL au capital de 10 000 €" in every footer', () => {
    for (const step of [...CUSTOMER_STEPS, 'escalation'] as const) {
      expect(render(step, { seller: garnier }).text, step).toContain(
        'Menuiserie Garnier SARL au capital de 10 000 €',
      );
    }
    expect(render('first_reminder', { seller: garnier, locale: 'en' }).text).toContain(
      'Menuiserie Garnier SARL with a share capital of €10,000',
    );
  });

  it('should print it in the letter', async () => {
    const text = await letterText(
      await renderFormalNoticeLetter(messageContext('formal_notice', { seller: garnier })),
    );
    expect(text).toContain('Menuiserie Garnier SARL au capital de 10 000 €');
  });

  it('should not repeat a legal form the legal name already ends with', () => {
    const dupont = sellerSchema.parse({ ...atelierDupont, legalForm: 'SAS', shareCapitalMinor: 500_050 });
    const { text } = render('first_reminder', { seller: dupont });
    expect(text).toContain('Atelier Dupont SAS au capital de 5 000,50 €');
    expect(text).not.toContain('SAS SAS');
    expect(seller.legalForm).toBeUndefined();
  });
});
