import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invoiceIdFor } from '../../functions/core/ids';
import type { InvoiceInput } from '../../functions/core/schemas';
import { signPayload } from '../../functions/webhooks/signatures';
import { invoiceFa0012 } from '../fixtures/invoices';
import { atelierDupont } from '../fixtures/sellers';
import { type Harness, startHarness } from './harness';

/**
 * The red-team findings, replayed end to end: hostile input gets a 4xx (never a 5xx, nothing
 * written), and concurrent duplicates resolve to exactly one effect (Promise.all on the real service).
 */

const SELLER = 'atelier-dupont';

const invoice = (number: string, overrides: Partial<InvoiceInput> = {}): InvoiceInput => ({
  ...invoiceFa0012,
  number,
  customer: { ...invoiceFa0012.customer, id: `C-${number}`, email: `${number.toLowerCase()}@client.example` },
  ...overrides,
});

interface View {
  invoiceId: string;
  status: string;
  paidMinor: number;
  pause?: { until?: string };
  statement?: { totalDueMinor: number; daysLate: number };
  events?: { type: string; [key: string]: unknown }[];
}

describe('hostile input and concurrent duplicates', () => {
  let api: Harness;
  const idOf = (number: string) => invoiceIdFor(SELLER, number);
  const view = async (number: string, query = '') =>
    (await api.get(`/invoices/${idOf(number)}${query}`)).json<View>();
  const statuses = (results: { status: number }[]) => results.map((r) => r.status).sort();

  beforeAll(async () => {
    api = await startHarness({ now: '2026-11-02T10:00:00.000Z' });
    expect((await api.put(`/sellers/${SELLER}`, atelierDupont)).status).toBe(201);
    for (const number of ['H-1', 'H-2', 'H-3', 'H-4', 'H-5'])
      expect((await api.post('/invoices', invoice(number))).status).toBe(201);
    await api.settle();
  }, 120_000);

  afterAll(async () => {
    await api?.stop();
  });

  describe('bounded work (finding 3)', () => {
    it('should compute a statement at the end of the century at once, and refuse later dates', async () => {
      const far = await view('H-1', '?asOf=2099-12-31');
      expect(far.statement?.daysLate).toBeGreaterThan(26_000);
      expect((await api.get('/health')).status).toBe(200);
      for (const asOf of ['4000-01-01', '9999-12-31', '1999-12-31'])
        expect((await api.get(`/invoices/${idOf('H-1')}?asOf=${asOf}`)).status).toBe(400);
    });

    it('should refuse a paidAt in year 9999 and a pause over 365 days (finding 11)', async () => {
      const payment = { paymentId: 'P-FAR', amountMinor: 100, paidAt: '9999-01-01T00:00:00Z' };
      expect((await api.post(`/invoices/${idOf('H-1')}/payments`, payment)).status).toBe(400);
      const pause = await api.post(`/invoices/${idOf('H-1')}/pause`, {
        reason: 'dispute',
        until: '2029-01-10',
      });
      expect(pause.status).toBe(400);
      expect((await view('H-1')).status).toBe('scheduled');
    });
  });

  describe('crafted input (findings 7, 8, 9)', () => {
    it('should answer 400, not 500, to a crafted cursor and to prototype keys', async () => {
      const cursor = Buffer.from(
        JSON.stringify({ pk: '', sk: '', gsi1pk: `SELLER#${SELLER}`, gsi1sk: '' }),
      ).toString('base64url');
      expect((await api.get(`/invoices?sellerId=${SELLER}&cursor=${cursor}`)).status).toBe(400);
      expect((await api.get(`/invoices?sellerId=${SELLER}&__proto__=x`)).status).toBe(400);
      expect((await api.get('/health?__proto__=x')).status).toBe(400);
      const body = `{"paymentId":"P-PROTO","amountMinor":1,"__proto__":{"admin":true}}`;
      expect((await api.post(`/invoices/${idOf('H-1')}/payments`, body)).status).toBe(400);
    });

    it('should confine pdf.s3Key to normalized keys of the seller', async () => {
      for (const s3Key of [
        '/etc/passwd',
        'invoices//x.pdf',
        './invoices/atelier-dupont/x.pdf',
        'invoices/atelier-dupont/../other/x.pdf',
        'invoices/other-seller/x.pdf',
        'letters/atelier-dupont/x.pdf',
      ]) {
        const result = await api.post('/invoices', invoice('H-KEY', { pdf: { s3Key } }));
        expect({ s3Key, status: result.status }).toEqual({ s3Key, status: 400 });
      }
      expect((await api.get(`/invoices/${idOf('H-KEY')}`)).status).toBe(404);
    });

    it('should refuse an unknown holiday set such as "__proto__"', async () => {
      const seller = {
        ...atelierDupont,
        sendWindow: { timezone: 'Europe/Paris', hour: 9, businessDaysOnly: true, holidays: '__proto__' },
      };
      expect((await api.put('/sellers/proto-seller', seller)).status).toBe(400);
    });

    it('should refuse invalid UTF-8, bidi and zero-width controls, and a display name that shows an address', async () => {
      // Raw bytes: "Marie" with an invalid UTF-8 byte in place of its "M".
      const broken = Buffer.from(JSON.stringify(invoice('H-UTF')));
      broken[broken.indexOf('Marie')] = 0xff;
      const utf8 = await api.post('/invoices', broken, { headers: { 'content-type': 'application/json' } });
      expect(utf8.status).toBe(400);
      for (const name of ['HX-4\u202efdp.exe', 'Marie\u200bMartin', 'a\u2066b\u2069']) {
        const result = await api.post(
          '/invoices',
          invoice('H-BIDI', { customer: { ...invoice('H-BIDI').customer, name } }),
        );
        expect(result.status).toBe(400);
      }
      const sender = { ...atelierDupont.sender, fromName: 'Evil "Name" <admin@bank.fr>' };
      expect((await api.put(`/sellers/${SELLER}`, { ...atelierDupont, sender })).status).toBe(400);
      const deep = `${'['.repeat(100)}${']'.repeat(100)}`;
      expect((await api.post('/invoices', deep)).status).toBe(400);
      expect((await api.get(`/invoices/${idOf('H-UTF')}`)).status).toBe(404);
    });
  });

  describe('atomic idempotency (findings 4, 5, 6)', () => {
    it('should apply one of ten concurrent payments sharing an Idempotency-Key', async () => {
      const results = await Promise.all(
        Array.from({ length: 10 }, (_, index) =>
          api.post(
            `/invoices/${idOf('H-2')}/payments`,
            { paymentId: `P-IDEM-${index}`, amountMinor: 100 },
            { headers: { 'Idempotency-Key': 'idem-payments-1' } },
          ),
        ),
      );
      expect(results.filter((r) => r.status === 201)).toHaveLength(1);
      expect(results.every((r) => [201, 409, 422].includes(r.status))).toBe(true);
      expect((await view('H-2')).paidMinor).toBe(100);
    });

    it('should register one of ten concurrent invoices sharing an Idempotency-Key', async () => {
      const results = await Promise.all(
        Array.from({ length: 10 }, (_, index) =>
          api.post('/invoices', invoice(`H-IDEM-${index}`), {
            headers: { 'Idempotency-Key': 'idem-invoices-1' },
          }),
        ),
      );
      expect(results.filter((r) => r.status === 201)).toHaveLength(1);
      const listed = (await api.get(`/invoices?sellerId=${SELLER}&limit=100`)).json<{
        items: { number: string }[];
      }>();
      expect(listed.items.filter((i) => i.number.startsWith('H-IDEM-'))).toHaveLength(1);
    });

    it('should book a replayed webhook eventId once, and refuse a known paymentId with another amount', async () => {
      const deliver = (eventId: string, paymentId: string, amountMinor: number) => {
        const body = JSON.stringify({
          eventId,
          type: 'payment.succeeded',
          invoiceId: idOf('H-3'),
          paymentId,
          amountMinor,
          currency: 'EUR',
          paidAt: '2026-11-02T10:00:00.000Z',
        });
        return api.post('/webhooks/payments/generic', body, {
          apiKey: null,
          headers: { 'content-type': 'application/json', 'Dunning-Signature': api.signWebhook(body) },
        });
      };
      expect((await deliver('evt-r1', 'pay-r1', 1000)).status).toBe(200);
      const replay = await deliver('evt-r1', 'pay-r2', 1000);
      expect(replay.json()).toMatchObject({ duplicate: true });
      expect((await view('H-3')).paidMinor).toBe(1000);
      expect((await deliver('evt-r3', 'pay-r1', 999)).status).toBe(409);
      const api409 = await api.post(`/invoices/${idOf('H-3')}/payments`, {
        paymentId: 'pay-r1',
        amountMinor: 5,
      });
      expect(api409.status).toBe(409);
      expect((await view('H-3')).paidMinor).toBe(1000);
    });

    it('should let one of concurrent pauses win, and keep its date', async () => {
      const untils = ['2026-12-01', '2026-12-02', '2026-12-03', '2026-12-04', '2026-12-05'];
      const results = await Promise.all(
        untils.map((until) => api.post(`/invoices/${idOf('H-4')}/pause`, { reason: 'dispute', until })),
      );
      expect(statuses(results)).toEqual([200, 409, 409, 409, 409]);
      const winner = results.find((r) => r.status === 200)?.json<View>();
      await api.settle();
      expect((await view('H-4')).pause?.until).toBe(winner?.pause?.until);
    });
  });

  describe('ordering (finding 11)', () => {
    it('should list events written at the same instant in the order they were written', async () => {
      expect((await api.post('/invoices', invoice('H-6'))).status).toBe(201);
      const id = idOf('H-6');
      for (let round = 0; round < 3; round += 1) {
        expect((await api.post(`/invoices/${id}/pause`, { reason: 'dispute' })).status).toBe(200);
        expect((await api.post(`/invoices/${id}/resume`)).status).toBe(200);
      }
      const types = ((await view('H-6')).events ?? []).map((event) => event.type);
      expect(types.filter((type) => type.startsWith('dunning_'))).toEqual([
        'dunning_paused',
        'dunning_resumed',
        'dunning_paused',
        'dunning_resumed',
        'dunning_paused',
        'dunning_resumed',
      ]);
      expect(types[0]).toBe('invoice_registered');
    });
  });

  describe('Stripe (finding 11)', () => {
    const stripe = (currency: string, amount: number, id: string) => {
      const body = JSON.stringify({
        id,
        type: 'payment_intent.succeeded',
        created: Math.floor(Date.parse('2026-11-02T10:00:00Z') / 1000),
        data: {
          object: {
            id: `pi_${id}`,
            amount_received: amount,
            currency,
            metadata: { dunning_invoice_id: idOf('H-5') },
          },
        },
      });
      const t = Math.floor(api.service.clock.now().getTime() / 1000);
      return api.post('/webhooks/payments/stripe', body, {
        apiKey: null,
        headers: {
          'content-type': 'application/json',
          'Stripe-Signature': signPayload(api.service.stripeWebhookSecret, body, t),
        },
      });
    };

    it('should acknowledge a currency mismatch or an amount over the cap, and leave it to a human', async () => {
      expect((await stripe('usd', 1000, 'evt_usd')).status).toBe(200);
      expect((await stripe('eur', 10_000_000_000_000, 'evt_big')).status).toBe(200);
      const current = await view('H-5');
      expect(current.paidMinor).toBe(0);
      const reviews = (current.events ?? []).filter((e) => e.type === 'payment_needs_review');
      expect(reviews.map((e) => e.reason).sort()).toEqual(['amount_above_limit', 'currency_mismatch']);
    });
  });
});
