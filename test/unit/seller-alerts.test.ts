import { describe, expect, it } from 'vitest';
import { sellerSchema } from '../../functions/core/schemas';
import { renderSellerAlert, type SellerAlertContext } from '../../functions/shared/seller-alert-view';
import { undeliverableAlertKey } from '../../functions/shared/seller-alerts';
import { businessCustomer, invoiceSummary, seller } from '../fixtures/messages';

const invoice = invoiceSummary;

function context(alert: SellerAlertContext['alert'], locale: 'fr' | 'en' = 'fr'): SellerAlertContext {
  return {
    seller: sellerSchema.parse({ ...seller, defaultLocale: locale }),
    customer: { ...businessCustomer, name: 'Marie <b>Martin</b>' },
    invoice,
    alert,
  };
}

const bounce = {
  kind: 'undeliverable',
  address: 'marie@boulangerie-martin.fr',
  cause: 'bounce',
  step: 'first_reminder',
  on: '2026-11-30',
} as const;

describe('seller alert: undeliverable address', () => {
  it('should say which message bounced, that the cadence holds and how to fix it (fr)', () => {
    const message = renderSellerAlert(context(bounce));
    expect(message.subject).toBe(
      'Adresse e-mail à corriger – facture n°FA-2026-0012 (Marie <b>Martin</b> (Boulangerie Martin SARL))',
    );
    expect(message.text).toContain(
      'Le message « première relance » envoyé le 30/11/2026 à marie@boulangerie-martin.fr',
    );
    expect(message.text).toContain('mise en demeure comprise');
    expect(message.text).toContain(`POST /invoices/${invoice.invoiceId}/contact`);
    expect(message.text).toContain('Vous ne recevrez qu’un message pour cette adresse.');
    // Values are escaped in the HTML.
    expect(message.html).not.toContain('<b>Martin</b>');
    expect(message.html).toContain('&lt;b&gt;Martin&lt;/b&gt;');
  });

  it("should be written in the seller's language (en) and advise a call after a complaint", () => {
    const message = renderSellerAlert(context({ ...bounce, cause: 'complaint' }, 'en'));
    expect(message.subject).toMatch(/^Email address to fix – invoice FA-2026-0012/);
    expect(message.text).toContain('the recipient marked the message as spam');
    expect(message.text).toContain('a phone call before writing again');
  });

  it('should key the alert by address, case-insensitively, without the address itself', () => {
    const key = undeliverableAlertKey('Marie@Boulangerie-Martin.fr');
    expect(key).toBe(undeliverableAlertKey('marie@boulangerie-martin.fr '));
    expect(key).not.toContain('marie');
    expect(key).not.toBe(undeliverableAlertKey('other@boulangerie-martin.fr'));
  });
});

describe('seller alert: insolvency', () => {
  it('should give the claim declaration deadline with its sources when the publication date is known', () => {
    const message = renderSellerAlert(
      context({
        kind: 'insolvency',
        pausedOn: '2026-12-01',
        publishedOn: '2026-10-15',
        deadline: '2026-12-15',
        months: 2,
      }),
    );
    expect(message.subject).toMatch(
      /^Procédure collective : déclarez votre créance – facture n°FA-2026-0012/,
    );
    expect(message.text).toContain('au plus tard le 15/12/2026');
    expect(message.text).toContain('BODACC le 15/10/2026');
    expect(message.text).toContain('art. L622-24 et R622-24 du Code de commerce');
    expect(message.text).toContain('art. L622-7');
    expect(message.text).toMatch(/Principal restant dû : 1.234,56.€/u);
    expect(message.text).toContain('\n- Passé ce délai');
  });

  it('should explain how to find the publication date when it is not known (en)', () => {
    const message = renderSellerAlert(
      context({ kind: 'insolvency', pausedOn: '2026-12-01', months: 4 }, 'en'),
    );
    expect(message.text).toContain(
      'within 4 months of the publication of the opening judgment in the BODACC',
    );
    expect(message.text).toContain('bodacc.fr');
    expect(message.text).toContain('Declaration deadline: 4 months after the publication');
  });
});

describe('seller alert footer', () => {
  it('should print the legal form and share capital after the legal name (art. R123-237)', () => {
    const garnier = sellerSchema.parse({
      ...seller,
      legalName: 'Menuiserie Garnier',
      legalForm: 'SARL',
      shareCapitalMinor: 1_000_000,
    });
    const message = renderSellerAlert({ ...context(bounce), seller: garnier });
    expect(message.text).toMatch(/Menuiserie Garnier SARL au capital de 10.000.€ – 12 rue des Lilas/u);
  });
});
