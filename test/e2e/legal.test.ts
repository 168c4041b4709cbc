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

    it('should plan the deadline on Monday and the escalation on Tuesday', async () => {
      await register(friday);
      await api.settle();
      const { schedule } = await view('FA-FRIDAY');
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
      const escalations = (await api.emailsTo('compta@atelier-dupont.fr')).filter((email) =>
        email.subject.includes('FA-FRIDAY'),
      );
      expect(escalations.map(sentAt)).toEqual(['2027-01-19T08:00:00.000Z']);
      expect((await view('FA-FRIDAY')).status).toBe('escalated');
    });
  });
});
