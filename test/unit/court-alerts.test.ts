import { describe, expect, it } from 'vitest';
import { sellerSchema } from '../../functions/core/schemas';
import { renderSellerAlert, type SellerAlertContext } from '../../functions/shared/seller-alert-view';
import { businessCustomer, consumerCustomer, invoiceSummary, seller } from '../fixtures/messages';

const invoice = invoiceSummary;
const EVIDENCE = 'https://api.example.com/v1/invoices/inv_Qm9vdGVyLUZBLTIwMjYtMDAx/evidence';

function context(
  alert: SellerAlertContext['alert'],
  options: { locale?: 'fr' | 'en'; customer?: SellerAlertContext['customer'] } = {},
): SellerAlertContext {
  return {
    seller: sellerSchema.parse({ ...seller, defaultLocale: options.locale ?? 'fr' }),
    customer: options.customer ?? businessCustomer,
    invoice,
    alert,
  };
}

describe('seller alert: letter to post', () => {
  it('should give the postal address, the send date, the deadline and what to do (fr)', () => {
    const message = renderSellerAlert(
      context({
        kind: 'letter_to_post',
        sentOn: '2026-12-21',
        deadline: '2026-12-31',
        providerFailed: false,
      }),
    );
    expect(message.subject).toBe(
      'À poster en recommandé : mise en demeure de Marie Martin (Boulangerie Martin SARL) – facture n°FA-2026-0012',
    );
    expect(message.text).toContain(
      'Boulangerie Martin SARL, Marie Martin, 3 place Bellecour, 69002 Lyon, FR',
    );
    expect(message.text).toContain('le 21/12/2026');
    expect(message.text).toContain('jusqu’au 31/12/2026');
    expect(message.text).toContain('lettre recommandée avec demande d’avis de réception');
    expect(message.text).toContain('Relance ne poste pas de courrier pour vous');
  });

  it('should say the provider failed, and ask for the address when there is none (en)', () => {
    const { address: _, ...customer } = consumerCustomer;
    const message = renderSellerAlert(
      context(
        { kind: 'letter_to_post', sentOn: '2026-12-21', providerFailed: true },
        { locale: 'en', customer },
      ),
    );
    expect(message.text).toContain('The registered-letter provider could not post it');
    expect(message.text).toContain('no address on file');
    expect(message.text).not.toContain('demands payment by');
  });

  it('should escape what the customer typed', () => {
    const message = renderSellerAlert(
      context(
        { kind: 'letter_to_post', sentOn: '2026-12-21', providerFailed: false },
        { customer: { ...businessCustomer, companyName: '<script>alert(1)</script>' } },
      ),
    );
    expect(message.html).not.toContain('<script>');
    expect(message.html).toContain('&lt;script&gt;');
  });
});

describe('seller alert: limitation', () => {
  it('should give the limitation date, the days left, the legal basis and the evidence link (fr)', () => {
    const message = renderSellerAlert(
      context({ kind: 'limitation', limitationDate: '2031-11-20', daysLeft: 90, evidenceUrl: EVIDENCE }),
    );
    expect(message.subject).toBe(
      'Prescription le 20/11/2031 : facture n°FA-2026-0012 (Marie Martin (Boulangerie Martin SARL))',
    );
    expect(message.text).toContain('sera prescrite dans 90 jours');
    expect(message.text).toContain('art. L110-4 du Code de commerce');
    expect(message.text).toMatch(/Principal restant dû : 1\s234,56\s€/u);
    expect(message.text).toContain(EVIDENCE);
  });

  it('should cite the consumer period for a consumer (en)', () => {
    const message = renderSellerAlert(
      context(
        { kind: 'limitation', limitationDate: '2028-11-20', daysLeft: 90, evidenceUrl: EVIDENCE },
        { locale: 'en', customer: consumerCustomer },
      ),
    );
    expect(message.text).toContain('two years against a consumer, art. L218-2 Code de la consommation');
    expect(message.text).toContain('becomes time-barred in 90 days');
  });
});
