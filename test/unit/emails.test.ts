import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import type { MessageContext } from '../../functions/core/messages';
import { formatDate, formatMoney, formatPercent, type Locale } from '../../functions/core/money';
import { MESSAGE_STEPS, type MessageStep } from '../../functions/core/steps';
import type { PayerProfile } from '../../functions/core/tone';
import { safeHttpsUrl } from '../../functions/send-message/copy-values';
import { date, money, percent } from '../../functions/send-message/format';
import { headerValue } from '../../functions/send-message/headers';
import { renderMessage } from '../../functions/send-message/render';
import {
  businessCustomer,
  consumerCustomer,
  DEADLINE,
  messageContext,
  SENT_MESSAGES,
  seller,
} from '../fixtures/messages';

const LOCALES = ['fr', 'en'] as const satisfies readonly Locale[];
const TONES = ['good', 'standard', 'bad'] as const satisfies readonly PayerProfile[];
const CUSTOMER_STEPS = MESSAGE_STEPS.filter((step) => step !== 'escalation');
const AFTER_DUE_DATE: readonly MessageStep[] = ['first_reminder', 'second_reminder', 'formal_notice'];

/** Intl's fr-FR output uses U+202F and U+00A0; assertions are written with plain spaces. */
function plain(text: string): string {
  return text.replace(/[\u00a0\u202f]/g, ' ');
}

function render(step: MessageStep, options: Parameters<typeof messageContext>[1] = {}) {
  const message = renderMessage(messageContext(step, options));
  return {
    ...message,
    subject: plain(message.subject),
    text: plain(message.text),
    html: plain(message.html),
  };
}

const eur = (minor: number, locale: Locale) => plain(formatMoney(minor, 'EUR', locale));

describe('renderMessage golden messages', () => {
  for (const step of MESSAGE_STEPS) {
    for (const locale of LOCALES) {
      for (const tone of TONES) {
        it(`should render ${step} in ${locale} for a ${tone} payer`, async () => {
          const message = render(step, { locale, tone });
          await expect(`Subject: ${message.subject}\n\n${message.text}`).toMatchFileSnapshot(
            `__snapshots__/emails/${step}.${locale}.${tone}.txt`,
          );

          expect(message.html).toMatch(new RegExp(`<html lang="${locale}"`));
          expect(message.html).toContain(`<title>${message.subject}</title>`);
          expect(message.html).toContain('FA-2026-0012');
          expect(message.html).toContain(eur(123456, locale));
          // Legal identity of the seller (docs/domain.md).
          for (const part of ['Atelier Dupont SAS', '12 rue des Lilas', '69003 Lyon', 'SIREN 732 829 320']) {
            expect(message.html).toContain(part);
            expect(message.text).toContain(part);
          }
          expect(message.html).toContain('RCS Lyon 732 829 320');
          expect(message.html).toContain('FR44732829320');
          // The text part is text: no markup and no template left over.
          expect(message.text).not.toMatch(/<[a-z/!]|\{\{|&[a-z]+;/i);
        });
      }
    }
  }

  it('should give the payment block (IBAN, BIC, https link) to every customer message but the thank-you', () => {
    for (const step of CUSTOMER_STEPS) {
      const message = render(step);
      const hasPayment = step !== 'thank_you';
      expect(message.html.includes('FR76 3000 6000 0112 3456 7890 189')).toBe(hasPayment);
      expect(message.html.includes('AGRIFRPP')).toBe(hasPayment);
      expect(message.html.includes('href="https://pay.example.com/i/FA-2026-0012"')).toBe(hasPayment);
      expect(message.text.includes('Payer en ligne : https://pay.example.com/i/FA-2026-0012')).toBe(
        hasPayment,
      );
    }
  });

  it('should word formal notices and escalations the same whatever the payer profile', () => {
    for (const step of ['formal_notice', 'escalation'] as const) {
      const texts = TONES.map((tone) => render(step, { tone }).text);
      expect(new Set(texts).size).toBe(1);
    }
  });

  it('should word each reminder differently per payer profile', () => {
    for (const step of ['courtesy_reminder', 'first_reminder', 'second_reminder', 'thank_you'] as const) {
      for (const locale of LOCALES) {
        const texts = TONES.map((tone) => render(step, { locale, tone }).text);
        expect(new Set(texts).size).toBe(3);
      }
    }
  });
});

describe('renderMessage subjects', () => {
  it('should follow the seed model for the second reminder', () => {
    expect(render('second_reminder').subject).toBe(
      'Deuxième relance pour facture impayée n°FA-2026-0012 – montant 1 234,56 €',
    );
    expect(render('second_reminder', { locale: 'en' }).subject).toBe(
      'Second reminder: unpaid invoice no. FA-2026-0012 – amount €1,234.56',
    );
  });

  it('should name the invoice number and the amount in every subject after the due date', () => {
    for (const step of AFTER_DUE_DATE) {
      for (const locale of LOCALES) {
        for (const tone of TONES) {
          const { subject } = render(step, { locale, tone });
          expect(subject).toContain('FA-2026-0012');
          expect(subject).toMatch(locale === 'fr' ? /montant \d[\d ]*,\d\d €/ : /amount €[\d,]+\.\d\d/);
        }
      }
    }
  });

  it('should demand the total due (principal, penalties, indemnity) in the formal-notice subject', () => {
    const context = messageContext('formal_notice');
    expect(render('formal_notice').subject).toBe(
      `Mise en demeure de payer – facture n°FA-2026-0012 – montant ${eur(context.statement.totalDueMinor, 'fr')}`,
    );
  });

  it('should strip CR and LF from the subject', () => {
    for (const step of MESSAGE_STEPS) {
      const { subject } = render(step, { number: 'FA-1\r\nBcc: victim@example.com\n' });
      expect(subject).not.toMatch(/[\r\n]/);
      expect(subject).toContain('FA-1 Bcc: victim@example.com');
    }
  });

  it('should strip line breaks coming from the customer name in the escalation subject', () => {
    const customer = { ...businessCustomer, companyName: 'Evil\r\nX-Header: 1' };
    expect(render('escalation', { customer }).subject).toContain('Evil X-Header: 1');
  });
});

describe('renderMessage escaping', () => {
  const hostile = {
    customer: {
      ...businessCustomer,
      name: '<script>alert("x")</script>',
      companyName: '<img src=x onerror=alert(1)>',
    },
    number: 'FA-<b>1</b>"&\'',
  };

  it('should escape HTML in the customer name and the invoice number', () => {
    for (const step of MESSAGE_STEPS) {
      const { html } = render(step, hostile);
      expect(html).not.toContain('<script>alert');
      expect(html).not.toContain('<img src=x');
      expect(html).not.toContain('<b>1</b>');
      expect(html).toContain('FA-&lt;b&gt;1&lt;/b&gt;&quot;&amp;&#x27;');
      if (step !== 'formal_notice' && step !== 'escalation') {
        expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
      }
    }
  });

  it('should keep the text part literal (it is not HTML)', () => {
    const { text } = render('first_reminder', hostile);
    expect(text).toContain('Bonjour <script>alert("x")</script>,');
    expect(text).toContain('FA-<b>1</b>"&\'');
  });

  it('should leave out payment links that are not https', () => {
    for (const paymentLink of [
      'http://pay.example.com/x',
      'javascript:alert(1)',
      'https://user:pw@pay.example.com/',
    ]) {
      const message = render('first_reminder', { paymentLink });
      expect(message.html).not.toContain('Payer en ligne');
      expect(message.html).not.toContain('javascript:');
      expect(message.html).not.toContain('http://pay.example.com');
      expect(message.text).not.toContain('Payer en ligne');
      // The bank transfer remains.
      expect(message.html).toContain('FR76 3000 6000 0112 3456 7890 189');
    }
  });

  it('should escape the characters of an https link inside the href attribute', () => {
    const { html } = render('first_reminder', { paymentLink: 'https://pay.example.com/i?a=1&b="2"' });
    expect(html).toContain('href="https://pay.example.com/i?a&#x3D;1&amp;b&#x3D;%222%22"');
  });
});

describe('renderMessage business and consumer wording', () => {
  const b2bOnly = {
    fr: ['40,00 €', '12,15 %', 'L441-10', 'indemnité', 'pénalités', 'Pénalités', 'Indemnité'],
    en: ['€40.00', '12.15%', 'L441-10', 'recovery fee', 'late-payment interest'],
  };

  it('should never show penalties, the penalty rate or the 40 € indemnity to a consumer', () => {
    for (const step of CUSTOMER_STEPS) {
      for (const locale of LOCALES) {
        for (const tone of TONES) {
          const message = render(step, { locale, tone, customer: consumerCustomer });
          for (const wording of b2bOnly[locale]) {
            expect(message.text).not.toContain(wording);
            expect(message.html).not.toContain(wording);
          }
        }
      }
    }
  });

  it('should state the penalty rate, penalties to date and the 40 € indemnity to a business customer', () => {
    const context = messageContext('second_reminder');
    for (const locale of LOCALES) {
      const { text } = render('second_reminder', { locale });
      for (const wording of b2bOnly[locale]) expect(text).toContain(wording);
      expect(text).toContain(eur(context.statement.penaltiesMinor, locale));
      expect(text).toContain(eur(context.statement.totalDueMinor, locale));
    }
  });

  it('should tell a consumer only the amount due in the formal notice', () => {
    const { text } = render('formal_notice', { customer: consumerCustomer });
    expect(text).toContain('mise en demeure de payer la somme de 1 234,56 € au plus tard le 29/12/2026');
    expect(text).not.toContain('Décompte');
  });
});

describe('renderMessage content per step', () => {
  it('should recall the first reminder and its date in the second reminder', () => {
    expect(render('second_reminder').text).toContain(
      'Le 30/11/2026, nous vous avons adressé une première relance concernant la facture n°FA-2026-0012',
    );
    expect(render('second_reminder', { locale: 'en' }).text).toContain(
      'On 30 November 2026, we sent you a first reminder about invoice no. FA-2026-0012',
    );
  });

  it('should recall the first reminder without a date when none is on record', () => {
    const context: MessageContext = { ...messageContext('second_reminder'), previousMessages: [] };
    const text = plain(renderMessage(context).text);
    expect(text).toContain('Nous vous avons déjà adressé une première relance concernant la facture');
  });

  it('should show the remaining balance after a partial payment', () => {
    const payment = { paymentId: 'pay_part', amountMinor: 50000, paidAt: '2026-12-01T10:00:00.000Z' };
    for (const locale of LOCALES) {
      const message = render('second_reminder', { locale, payment });
      expect(message.subject).toContain(eur(73456, locale));
      expect(message.text).toContain(eur(50000, locale));
      expect(message.text).toContain(locale === 'fr' ? 'Montant dû : 734,56 €' : 'Amount due: €734.56');
    }
  });

  it('should put everything a formal notice needs in it', () => {
    const context = messageContext('formal_notice');
    const statement = context.statement;
    const { text } = render('formal_notice');
    expect(text).toContain('mise en demeure de payer');
    expect(text).toContain(`Principal restant dû : ${eur(statement.principalMinor, 'fr')}`);
    expect(text).toContain(
      `Pénalités de retard (12,15 % l’an, 31 jours) : ${eur(statement.penaltiesMinor, 'fr')}`,
    );
    expect(text).toContain('Indemnité forfaitaire pour frais de recouvrement : 40,00 €');
    expect(text).toContain(`Total dû : ${eur(statement.totalDueMinor, 'fr')}`);
    expect(text).toContain(`au plus tard le ${formatDate(DEADLINE, 'fr')}`);
    expect(text).toContain('injonction de payer');
    expect(text).toContain('Malgré nos relances du 30/11/2026 et du 07/12/2026');

    const english = render('formal_notice', { locale: 'en' }).text;
    expect(english).toContain('formal notice to pay (mise en demeure de payer)');
    expect(english).toContain('by 29 December 2026');
    expect(english).toContain('injonction de payer');
  });

  it('should give the finance team the case summary and the timeline with dates and message ids', () => {
    const payment = { paymentId: 'pay_part', amountMinor: 50000, paidAt: '2026-12-01T10:00:00.000Z' };
    const { text, html } = render('escalation', { payment });
    for (const sent of SENT_MESSAGES) expect(text).toContain(sent.messageId);
    expect(text).toContain('12/11/2026 09:00 | Rappel avant échéance');
    expect(text).toContain('21/12/2026 09:00 | Mise en demeure');
    expect(text).toContain('01/12/2026 | 500,00 € | pay_part');
    expect(text).toContain('Société : Boulangerie Martin SARL');
    expect(text).toContain('marie@boulangerie-martin.fr');
    expect(text).toContain('la mise en demeure a été envoyée le 21/12/2026');
    expect(text).toContain('injonction de payer');
    expect(text).toContain('POST /invoices/inv_Qm9vdGVyLUZBLTIwMjYtMDAx/pause');
    // Internal: no payment request to the finance team.
    expect(html).not.toContain('FR76 3000');
    expect(render('escalation').text).toContain('Aucun paiement reçu.');
  });

  it('should thank for the amount received and mention an overpayment', () => {
    expect(render('thank_you').text).toContain(
      'Nous avons bien reçu le 02/12/2026 votre règlement de 1 234,56 €',
    );
    const overpaid = render('thank_you', {
      payment: { paymentId: 'pay_over', amountMinor: 130000, paidAt: '2026-12-02T10:00:00.000Z' },
      locale: 'en',
    });
    expect(overpaid.text).toContain('You paid €65.44 more than the invoice amount');
  });

  it('should leave out the payment block when the seller gives neither bank details nor link', () => {
    const { bank: _bank, ...sellerWithoutBank } = seller;
    const { html, text } = render('first_reminder', { seller: sellerWithoutBank, paymentLink: undefined });
    expect(html).not.toContain('Comment régler');
    expect(text).not.toContain('IBAN');
  });
});

describe('send-message helpers', () => {
  it('should format exactly like core/money, with cached formatters', () => {
    for (const locale of LOCALES) {
      for (const [amount, currency] of [
        [123456, 'EUR'],
        [-50, 'EUR'],
        [0, 'EUR'],
        [1234, 'JPY'],
        [1234567, 'BHD'],
      ] as const) {
        expect(money(amount, currency, locale)).toBe(formatMoney(amount, currency, locale));
      }
      for (const day of ['2026-11-20', '2028-02-29', '2026-01-01']) {
        expect(date(day, locale)).toBe(formatDate(day, locale));
      }
      for (const rate of [12.15, 10, 0.5, 11.3333])
        expect(percent(rate, locale)).toBe(formatPercent(rate, locale));
    }
  });

  it('should keep a header value on one line', () => {
    expect(headerValue('Relance\r\nBcc: x@example.com\u2028end\t!')).toBe('Relance Bcc: x@example.com end !');
  });

  it('should accept only https URLs without credentials', () => {
    expect(safeHttpsUrl('https://pay.example.com/i/1')).toBe('https://pay.example.com/i/1');
    expect(safeHttpsUrl('HTTPS://PAY.example.com')).toBe('https://pay.example.com/');
    for (const url of [
      'http://pay.example.com',
      'javascript:alert(1)',
      'https://a:b@x.example',
      'not a url',
    ]) {
      expect(safeHttpsUrl(url)).toBeNull();
    }
    expect(safeHttpsUrl(undefined)).toBeNull();
  });
});

describe('send-message bundle', () => {
  it('should keep mjml and the Handlebars compiler out of the send bundle', async () => {
    const result = await build({
      entryPoints: ['functions/send-message/render.ts'],
      bundle: true,
      platform: 'node',
      format: 'esm',
      minify: true,
      write: false,
      metafile: true,
      logLevel: 'silent',
    });
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.some((input) => input.includes('node_modules/mjml'))).toBe(false);
    expect(inputs.some((input) => input.includes('handlebars/compiler'))).toBe(false);
    expect(inputs.some((input) => input.includes('handlebars/runtime'))).toBe(true);
  });
});
