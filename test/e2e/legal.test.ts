import { extractText, getDocumentProxy } from 'unpdf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InvoiceInput } from '../../functions/core/schemas';
import { invoiceFa0012 } from '../fixtures/invoices';
import { atelierDupont } from '../fixtures/sellers';
import { type Harness, sentAt, startHarness } from './harness';

/**
 * The legal rules of docs/domain.md end to end: the rate floor, the formal notice's deadline moved to a
 * business day (the same date in the email, the letter and the statement) and the escalation after it.
 */

const SELLER = 'atelier-dupont';

function invoice(number: string, overrides: Partial<InvoiceInput> = {}): InvoiceInput {
  return {
    ...invoiceFa0012,
    number,
    customer: {
      ...invoiceFa0012.customer,
      id: `C-${number}`,
      email: `${number.toLowerCase()}@client.example`,
    },
    ...overrides,
  };
}

interface View {
  invoiceId: string;
  status: string;
  schedule: { step: string; at: string; state: string; reason?: string; deadline?: string }[];
  statement?: Record<string, unknown>;
  penaltyTerms?: { basis: string; annualRatePercent?: number };
}

async function pdfText(base64: string): Promise<string> {
  const document = await getDocumentProxy(new Uint8Array(Buffer.from(base64, 'base64')));
  const { text } = await extractText(document, { mergePages: true });
  return text.replace(/[\u00a0\u202f]/g, ' ');
}

describe('legal rules through the HTTP API', () => {
  let api: Harness;
  const ids = new Map<string, string>();
  const view = async (number: string, query = '') =>
    (await api.get(`/invoices/${ids.get(number)}${query}`)).json<View>();
  const register = async (body: InvoiceInput) => {
    const created = await api.post('/invoices', body);
    expect(created.status, created.text).toBe(201);
    ids.set(body.number, created.json<View>().invoiceId);
    return created;
  };

  beforeAll(async () => {
    api = await startHarness({ now: '2026-12-01T10:00:00Z' });
    expect((await api.put(`/sellers/${SELLER}`, atelierDupont)).status).toBe(201);
  });

  afterAll(async () => {
    await api?.stop();
  });

  describe('the penalty rate floor', () => {
    it('should refuse a seller rate of 5 %, naming the floor, and keep the stored profile', async () => {
      const refused = await api.put(`/sellers/${SELLER}`, {
        ...atelierDupont,
        latePenalty: { annualRatePercent: 5 },
      });
      expect(refused.status).toBe(400);
      expect(refused.headers.get('content-type')).toContain('application/problem+json');
      expect(refused.json<{ errors: { path: string; message: string }[] }>().errors).toEqual([
        {
          path: 'latePenalty.annualRatePercent',
          message:
            'must be at least 7.86 % (3 × the legal interest rate of 2.62 % for the second half of 2026, art. L441-10 Code de commerce)',
        },
      ]);
      const stored = (await api.get(`/sellers/${SELLER}`)).json<{
        latePenalty: { annualRatePercent: number };
      }>();
      expect(stored.latePenalty.annualRatePercent).toBe(12.15);
    });

    it('should refuse an invoice printing 5 %, naming the floor, and register nothing', async () => {
      const refused = await api.post(
        '/invoices',
        invoice('FA-RATE-5', { latePenalty: { annualRatePercent: 5 } }),
      );
      expect(refused.status).toBe(400);
      expect(refused.text).toContain('must be at least 7.86 %');
      const listed = (await api.get(`/invoices?sellerId=${SELLER}`)).json<{ items: { number: string }[] }>();
      expect(listed.items.map((item) => item.number)).not.toContain('FA-RATE-5');
    });

    it('should fix the invoice’s own rate at registration and keep it when the seller changes', async () => {
      await register(invoice('FA-RATE-9', { latePenalty: { annualRatePercent: 9.5 } }));
      await register(invoice('FA-RATE-S'));
      expect((await view('FA-RATE-9')).penaltyTerms).toEqual({ basis: 'invoice', annualRatePercent: 9.5 });
      expect((await view('FA-RATE-S')).penaltyTerms).toEqual({ basis: 'seller', annualRatePercent: 12.15 });

      expect(
        (await api.put(`/sellers/${SELLER}`, { ...atelierDupont, latePenalty: { annualRatePercent: 20 } }))
          .status,
      ).toBe(200);
      const statement = (await view('FA-RATE-S', '?asOf=2026-12-20')).statement;
      expect(statement).toMatchObject({ penaltyRatePercent: 12.15, penaltiesMinor: 1233 });
      expect((await api.put(`/sellers/${SELLER}`, atelierDupont)).status).toBe(200);
    });
  });

  describe('a formal notice sent on a Friday', () => {
    // Due Wednesday 2026-12-09: J+30 is Friday 2027-01-08; + 8 days is Saturday 16 → Monday 18.
    const friday = invoice('FA-FRIDAY', { dueDate: '2026-12-09', issueDate: '2026-11-09' });

    it('should plan the deadline on Monday and the escalation on Tuesday, already in the 201', async () => {
      const created = (await register(friday)).json<View>();
      await api.settle();
      const { schedule } = await view('FA-FRIDAY');
      expect(created.schedule).toEqual(schedule);
      expect(schedule.find((s) => s.step === 'formal_notice')).toMatchObject({
        at: '2027-01-08T08:00:00.000Z',
        deadline: '2027-01-18',
      });
      expect(schedule.find((s) => s.step === 'escalation')?.at).toBe('2027-01-19T08:00:00.000Z');
    });

    it('should show the same Monday deadline in the email, the letter and the statement', async () => {
      await api.advanceTo('2027-01-08T09:00:00Z');
      const notices = (await api.emailsTo(friday.customer.email)).filter((email) =>
        /mise en demeure/i.test(email.subject),
      );
      expect(notices.map(sentAt)).toEqual(['2027-01-08T08:00:00.000Z']);
      const notice = notices[0];
      expect(notice?.body.text).toContain('au plus tard le 18/01/2027');
      const letter = notice?.attachments.find((a) => a.filename?.startsWith('mise-en-demeure'));
      expect(await pdfText(letter?.content ?? '')).toContain('18/01/2027');

      const { statement, schedule } = await view('FA-FRIDAY', '?asOf=2027-01-08');
      expect(statement?.noticeDeadline).toBe('2027-01-18');
      expect(schedule.find((s) => s.step === 'formal_notice')).toMatchObject({
        state: 'sent',
        deadline: '2027-01-18',
      });
    });

    it('should escalate on Tuesday 19, the first business day after the deadline, never before', async () => {
      await api.advanceTo('2027-01-18T20:00:00Z');
      expect((await view('FA-FRIDAY')).status).toBe('formal_notice_sent');
      await api.advanceTo('2027-01-19T09:00:00Z');
      // The letter-to-post alert of the notice goes to the same address: leave it out.
      const escalations = (await api.emailsTo('compta@atelier-dupont.fr')).filter(
        (email) => email.subject.includes('FA-FRIDAY') && !email.subject.startsWith('À poster'),
      );
      expect(escalations.map(sentAt)).toEqual(['2027-01-19T08:00:00.000Z']);
      expect((await view('FA-FRIDAY')).status).toBe('escalated');
    });
  });

  describe('the principal paid, the penalties and the indemnity not', () => {
    const late = (number: string, sellerId: string) =>
      invoice(number, { sellerId, dueDate: '2026-11-20', issueDate: '2026-10-21' });
    const pay = (number: string) =>
      api.post(`/invoices/${ids.get(number)}/payments`, {
        paymentId: `PAY-${number}`,
        amountMinor: invoiceFa0012.totalMinor,
        paidAt: '2026-12-02T10:00:00Z',
      });

    it('should waive them by default: paid, with a penalties_waived event stating the amounts', async () => {
      await register(late('FA-WAIVE', SELLER));
      expect((await pay('FA-WAIVE')).status).toBe(201);
      await api.settle();
      const paid = (await api.get(`/invoices/${ids.get('FA-WAIVE')}`)).json<
        View & { flags: string[]; events: { type: string; [key: string]: unknown }[] }
      >();
      expect(paid.status).toBe('paid');
      expect(paid.flags).toEqual([]);
      // 12 days late at 12.15 % on 1 234,56 €: 4,93 €; the indemnity 40 €.
      expect(paid.events.find((e) => e.type === 'penalties_waived')).toMatchObject({
        penaltiesMinor: 493,
        recoveryIndemnityMinor: 4000,
        legalInterestMinor: 0,
        totalMinor: 4493,
      });
    });

    it('should claim them in claim mode: flag penalties_due and a thank-you listing what is still due', async () => {
      const garnier = {
        ...atelierDupont,
        legalName: 'Menuiserie Garnier',
        legalForm: 'SARL',
        shareCapitalMinor: 1_000_000,
        contact: { email: 'compta@menuiserie-garnier.fr' },
        afterPrincipalPaid: 'claim',
      };
      expect((await api.put('/sellers/menuiserie-garnier', garnier)).status).toBe(201);
      const claimed = late('FA-CLAIM', 'menuiserie-garnier');
      await register(claimed);
      expect((await pay('FA-CLAIM')).status).toBe(201);
      await api.settle();
      const paid = (await api.get(`/invoices/${ids.get('FA-CLAIM')}`)).json<View & { flags: string[] }>();
      expect(paid.status).toBe('paid');
      expect(paid.flags).toEqual(['penalties_due']);

      const thanks = (await api.emailsTo(claimed.customer.email)).filter((email) =>
        /Merci/.test(email.subject),
      );
      expect(thanks).toHaveLength(1);
      const text = (thanks[0]?.body.text ?? '').replace(/[\u00a0\u202f]/g, ' ');
      expect(text).not.toContain('entièrement réglée');
      expect(text).toContain('Le principal de la facture est désormais réglé.');
      expect(text).toContain('Restent dus au titre du retard de paiement 44,93 €');
      expect(text).toContain('Indemnité forfaitaire pour frais de recouvrement');
      expect(text).toContain('FR76 3000 6000 0112 3456 7890 189');
      expect(text).toContain('Menuiserie Garnier SARL au capital de 10 000 €');

      // Paying what is still due clears the flag.
      const extras = await api.post(`/invoices/${ids.get('FA-CLAIM')}/payments`, {
        paymentId: 'PAY-FA-CLAIM-EXTRAS',
        amountMinor: 4493,
      });
      expect(extras.json<{ flags: string[] }>().flags).toEqual([]);
    });
  });
});
