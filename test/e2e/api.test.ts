import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invoiceIdFor } from '../../functions/core/ids';
import { formatMoney } from '../../functions/core/money';
import { atelierDupont } from '../fixtures/sellers';
import { expectProblem, invoice, normalizeSpaces, type Problem, SELLER, type View } from './api-fixture';
import { type Harness, sentAt, startHarness } from './harness';

/**
 * The HTTP API (README, docs/openapi.json) end to end through the local API adapter, the real handlers, the synthesized state machine
 * and the emulators. One service for the file; the virtual clock only moves forward, so the tests run
 * in order on invoices all registered on 2026-11-02 (due Friday 2026-11-20).
 */

describe('the HTTP API', () => {
  let api: Harness;
  const idOf = (number: string) => invoiceIdFor(SELLER, number);
  const view = async (number: string, query = '') =>
    (await api.get(`/invoices/${idOf(number)}${query}`)).json<View>();
  const emailsOf = (number: string) => api.emailsTo(`${number.toLowerCase()}@client.example`);

  beforeAll(async () => {
    api = await startHarness({ now: '2026-11-02T10:00:00Z' });
  });

  afterAll(async () => {
    await api?.stop();
  });

  describe('sellers', () => {
    it('should create a seller (201), then replace it (200), with the defaults filled in', async () => {
      expect((await api.put(`/sellers/${SELLER}`, atelierDupont)).status).toBe(201);
      const replaced = await api.put(`/sellers/${SELLER}`, atelierDupont);
      expect(replaced.status).toBe(200);
      const seller = (await api.get(`/sellers/${SELLER}`)).json<Record<string, unknown>>();
      expect(seller).toMatchObject({
        sellerId: SELLER,
        legalName: 'Atelier Dupont SAS',
        defaultLocale: 'fr',
      });
      expect(seller.cadence).toEqual({
        courtesyReminder: -8,
        firstReminder: 8,
        secondReminder: 15,
        formalNotice: 30,
        noticeDeadlineDays: 8,
      });
    });

    it('should reject an invalid profile with every problem listed, and keep the stored one', async () => {
      const bad = {
        ...atelierDupont,
        bank: { iban: 'FR7630006000011234567890188', bic: 'AGRIFRPP' },
        isAdmin: true,
      };
      const problem = expectProblem(await api.put(`/sellers/${SELLER}`, bad), 400);
      expect(problem.errors?.map((e) => e.path)).toEqual(expect.arrayContaining(['bank.iban']));
      expect((await api.get(`/sellers/${SELLER}`)).json<{ bank: { iban: string } }>().bank.iban).toBe(
        'FR7630006000011234567890189',
      );
    });

    it('should answer 404 for an unknown seller and 400 for an invalid seller id', async () => {
      expectProblem(await api.get('/sellers/nobody'), 404);
      expectProblem(await api.put('/sellers/Not%20Valid', atelierDupont), 400);
    });
  });

  describe('authentication', () => {
    it('should refuse keyed routes without the API key or with a wrong one', async () => {
      expectProblem(await api.get(`/sellers/${SELLER}`, { apiKey: null }), 403);
      expectProblem(await api.get(`/sellers/${SELLER}`, { apiKey: 'wrong-key' }), 403);
    });

    it('should let webhooks through without a key (they verify signatures instead)', async () => {
      const result = await api.post('/webhooks/payments/generic', { hello: 'world' }, { apiKey: null });
      expect(expectProblem(result, 400).title).toBe('Invalid signature');
    });
  });

  describe('registering invoices', () => {
    const numbers = ['FA-0100', 'FA-0101', 'FA-0102', 'FA-0103', 'FA-0104', 'FA-0105', 'FA-0106', 'FA-0107'];

    it('should register invoices (201) with their schedule and a Location', async () => {
      for (const number of numbers) {
        const created = await api.post('/invoices', invoice(number));
        expect(created.status).toBe(201);
        expect(created.headers.get('location')).toBe(`/invoices/${idOf(number)}`);
        const body = created.json<View>();
        expect(body.invoiceId).toBe(idOf(number));
        expect(body.status).toBe('scheduled');
      }
      await api.settle();
      const { schedule, events } = await view('FA-0100');
      expect(schedule.map((s) => `${s.step}@${s.at}:${s.state}`)).toEqual([
        'courtesy_reminder@2026-11-12T08:00:00.000Z:planned',
        'first_reminder@2026-11-30T08:00:00.000Z:planned',
        'second_reminder@2026-12-07T08:00:00.000Z:planned',
        'formal_notice@2026-12-21T08:00:00.000Z:planned',
        'escalation@2026-12-30T08:00:00.000Z:planned',
      ]);
      expect(events?.map((e) => e.type)).toEqual(['invoice_registered']);
    });

    it('should answer 200 with the same view when the same invoice is posted again', async () => {
      const again = await api.post('/invoices', invoice('FA-0100'));
      expect(again.status).toBe(200);
      expect(again.json<View>().invoiceId).toBe(idOf('FA-0100'));
    });

    it('should answer 409 when the same number comes with different content, and change nothing', async () => {
      const conflict = await api.post('/invoices', invoice('FA-0100', { totalMinor: 99 }));
      expectProblem(conflict, 409);
      expect((await view('FA-0100')).balanceMinor).toBe(123456);
    });

    it('should reject bad input with 400 problem+json and write nothing', async () => {
      const cases: [unknown, string][] = [
        [invoice('FA-0900', { sellerId: 'unknown-seller' }), 'sellerId'],
        [
          invoice('FA-0901', { pdf: { contentBase64: Buffer.from('hello, not a pdf').toString('base64') } }),
          'pdf.contentBase64',
        ],
        [invoice('FA-0902', { pdf: { s3Key: 'invoices/missing.pdf' } }), 'pdf.s3Key'],
        [invoice('FA-0903', { dueDate: '2028-06-30', issueDate: '2026-10-21' }), 'dueDate'],
        [{ ...invoice('FA-0904'), status: 'paid' }, ''],
        [invoice('FA-0905', { paymentLink: 'http://pay.example.com/x' }), 'paymentLink'],
      ];
      for (const [body, path] of cases) {
        const problem = expectProblem(await api.post('/invoices', body), 400);
        expect(problem.errors?.map((e) => e.path)).toContain(path);
      }
      expectProblem(await api.post('/invoices', '{"sellerId": '), 400);
      for (const number of ['FA-0900', 'FA-0901', 'FA-0902', 'FA-0903', 'FA-0904', 'FA-0905']) {
        expectProblem(await api.get(`/invoices/${idOf(number)}`), 404);
      }
    });

    it('should replay the stored response for a repeated Idempotency-Key and refuse it for another body', async () => {
      const headers = { 'Idempotency-Key': 'import-2026-11-02-FA-0200' };
      const first = await api.post('/invoices', invoice('FA-0200'), { headers });
      expect(first.status).toBe(201);
      const replay = await api.post('/invoices', invoice('FA-0200'), { headers });
      expect(replay.status).toBe(201);
      expect(replay.headers.get('idempotent-replayed')).toBe('true');
      expect(replay.json()).toEqual(first.json());
      expectProblem(await api.post('/invoices', invoice('FA-0201'), { headers }), 422);
      expectProblem(await api.get(`/invoices/${idOf('FA-0201')}`), 404);
    });

    it('should register a batch item by item (207), one bad item failing alone', async () => {
      const batch = await api.post('/invoices/batch', {
        invoices: [invoice('FA-0300'), { ...invoice('FA-0301'), totalMinor: -5 }, invoice('FA-0100')],
      });
      expect(batch.status).toBe(207);
      const { results } = batch.json<{
        results: { index: number; status: number; invoiceId?: string; problem?: Problem }[];
      }>();
      expect(results.map((r) => r.status)).toEqual([201, 400, 200]);
      expect(results[1]?.problem?.errors?.[0]?.path).toBe('totalMinor');
      expectProblem(
        await api.post('/invoices/batch', { invoices: Array.from({ length: 101 }, () => invoice('FA-X')) }),
        400,
      );
    });
  });

  describe('reading invoices', () => {
    it('should list a seller’s invoices page by page with an opaque cursor, none after the last page', async () => {
      type Page = { items: View[]; nextCursor?: string };
      const pages = async (limit: number, filters = '') => {
        const all: Page[] = [];
        let cursor: string | undefined;
        do {
          const query = `sellerId=${SELLER}${filters}&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`;
          const page = (await api.get(`/invoices?${query}`)).json<Page>();
          all.push(page);
          cursor = page.nextCursor;
        } while (cursor && all.length < 20);
        return all;
      };
      const byThree = await pages(3);
      expect(byThree.map((page) => page.items.length)).toEqual([3, 3, 3, 1]);
      const seen = byThree.flatMap((page) => page.items.map((item) => item.invoiceId));
      expect(new Set(seen).size).toBe(10);
      // The seller's index is sharded (docs/capacity.md): pages still come in invoice-number order.
      const numbers = byThree.flatMap((page) => page.items.map((item) => item.number));
      expect(numbers).toEqual([...numbers].sort());
      // A full last page: no cursor to an empty page.
      const byFive = await pages(5);
      expect(byFive.map((page) => page.items.length)).toEqual([5, 5]);
      expect(byFive[1]?.nextCursor).toBeUndefined();
      expect((await pages(10)).map((page) => page.nextCursor)).toEqual([undefined]);
      // Filtered listings page the same way.
      expect((await pages(4, '&status=scheduled')).map((page) => page.items.length)).toEqual([4, 4, 2]);
    });

    it('should refuse a tampered cursor, or one used with other filters, with 400 problem+json', async () => {
      const first = (await api.get(`/invoices?sellerId=${SELLER}&limit=2`)).json<{ nextCursor: string }>();
      const cursor = first.nextCursor;
      expect(Buffer.from(cursor, 'base64url').toString('latin1')).not.toContain(SELLER);
      const middle = Math.floor(cursor.length / 2);
      const tampered = `${cursor.slice(0, middle)}${cursor[middle] === 'A' ? 'B' : 'A'}${cursor.slice(middle + 1)}`;
      expectProblem(await api.get(`/invoices?sellerId=${SELLER}&limit=2&cursor=${tampered}`), 400);
      expectProblem(await api.get(`/invoices?sellerId=${SELLER}&status=paid&limit=2&cursor=${cursor}`), 400);
      expect((await api.get(`/invoices?sellerId=${SELLER}&limit=2&cursor=${cursor}`)).status).toBe(200);
    });

    it('should filter by status and by customer, and reject bad queries', async () => {
      const scheduled = (await api.get(`/invoices?sellerId=${SELLER}&status=scheduled`)).json<{
        items: View[];
      }>();
      expect(scheduled.items.length).toBe(10);
      const byCustomer = (await api.get(`/invoices?sellerId=${SELLER}&customerId=C-FA-0101`)).json<{
        items: View[];
      }>();
      expect(byCustomer.items.map((i) => i.invoiceId)).toEqual([idOf('FA-0101')]);
      expectProblem(await api.get('/invoices'), 400);
      expectProblem(await api.get(`/invoices?sellerId=${SELLER}&cursor=bm90LWEtY3Vyc29y`), 400);
      expectProblem(await api.get(`/invoices?sellerId=${SELLER}&status=lost`), 400);
    });

    it('should add the statement of amounts as of a date (30 days late)', async () => {
      const { statement } = await view('FA-0100', '?asOf=2026-12-20');
      expect(statement).toEqual({
        asOf: '2026-12-20',
        daysLate: 30,
        principalMinor: 123456,
        penaltyRatePercent: 12.15,
        penaltyRateBasis: 'contractual',
        penaltiesMinor: 1233,
        recoveryIndemnityMinor: 4000,
        legalInterestMinor: 0,
        totalDueMinor: 128689,
      });
      expectProblem(await api.get(`/invoices/${idOf('FA-0100')}?asOf=2026-02-30`), 400);
      expectProblem(await api.get('/invoices/inv_doesnotexistdoesnotexi'), 404);
    });

    it('should serve the OpenAPI document', async () => {
      const document = (await api.get('/openapi.json', { apiKey: null })).json<{ openapi: string }>();
      expect(document.openapi).toBe('3.1.0');
    });
  });

  describe('pause, resume and cancel (registered 2026-11-02)', () => {
    it('should pause with a date and refuse a pause that ends in the past', async () => {
      const paused = await api.post(`/invoices/${idOf('FA-0103')}/pause`, {
        reason: 'promise_to_pay',
        until: '2026-12-01',
      });
      expect(paused.status).toBe(200);
      expect(paused.json<View>().status).toBe('paused');
      expectProblem(
        await api.post(`/invoices/${idOf('FA-0104')}/pause`, { reason: 'dispute', until: '2026-11-01' }),
        400,
      );
      expectProblem(await api.post(`/invoices/${idOf('FA-0104')}/pause`, { reason: 'bored' }), 400);
      expect(
        (await api.post(`/invoices/${idOf('FA-0104')}/pause`, { reason: 'dispute', note: 'quality issue' }))
          .status,
      ).toBe(200);
    });

    it('should cancel for good, and refuse to resume what is not paused', async () => {
      const cancelled = await api.post(`/invoices/${idOf('FA-0105')}/cancel`, { reason: 'credit_note' });
      expect(cancelled.json<View>().status).toBe('cancelled');
      expectProblem(await api.post(`/invoices/${idOf('FA-0105')}/resume`), 409);
      expectProblem(await api.post(`/invoices/${idOf('FA-0100')}/resume`), 409);
    });
  });

  describe('payments and the cadence', () => {
    it('should keep the cadence after a partial payment and show the remaining balance', async () => {
      const partial = await api.post(`/invoices/${idOf('FA-0106')}/payments`, {
        paymentId: 'P-106-1',
        amountMinor: 23456,
      });
      expect(partial.status).toBe(201);
      expect(partial.json<View>()).toMatchObject({
        status: 'scheduled',
        paidMinor: 23456,
        balanceMinor: 100000,
      });
      const duplicate = await api.post(`/invoices/${idOf('FA-0106')}/payments`, {
        paymentId: 'P-106-1',
        amountMinor: 23456,
      });
      expect(duplicate.status).toBe(200);
      expect(duplicate.json<View>().balanceMinor).toBe(100000);

      await api.advanceTo('2026-11-12T09:00:00Z');
      const courtesy = await emailsOf('FA-0106');
      expect(courtesy.map(sentAt)).toEqual(['2026-11-12T08:00:00.000Z']);
      expect(normalizeSpaces(courtesy[0]?.body.text ?? '')).toContain(
        normalizeSpaces(formatMoney(100000, 'EUR', 'fr')),
      );
    });

    it('should send nothing to paused or cancelled invoices while they are stopped', async () => {
      for (const number of ['FA-0103', 'FA-0104', 'FA-0105']) expect(await emailsOf(number)).toEqual([]);
      expect((await emailsOf('FA-0100')).length).toBe(1);
    });

    it('should mark a full payment paid, stop the cadence and thank once; overpayment is flagged', async () => {
      const paid = await api.post(`/invoices/${idOf('FA-0106')}/payments`, {
        paymentId: 'P-106-2',
        amountMinor: 100500,
        paidAt: '2026-11-12T10:00:00Z',
        method: 'transfer',
      });
      expect(paid.status).toBe(201);
      await api.settle();
      const after = await view('FA-0106');
      expect(after).toMatchObject({ status: 'paid', balanceMinor: -500, flags: ['overpaid'] });
      await api.advanceTo('2026-11-30T09:00:00Z');
      const emails = await emailsOf('FA-0106');
      expect(emails.length).toBe(2);
      expect(emails[1]?.attachments).toEqual([]);
      expect((await view('FA-0106')).schedule.filter((s) => s.state === 'planned')).toEqual([]);
    });

    it('should record a payment on a cancelled invoice and flag it, not lose it', async () => {
      const result = await api.post(`/invoices/${idOf('FA-0105')}/payments`, {
        paymentId: 'P-105',
        amountMinor: 1000,
      });
      expect(result.status).toBe(201);
      expect(result.json<View>()).toMatchObject({
        status: 'cancelled',
        paidMinor: 1000,
        flags: ['payment_after_cancellation'],
      });
    });

    it('should resume by itself when a pause ends, at the next window and with no burst', async () => {
      await api.advanceTo('2026-12-01T09:00:00Z');
      const { status, schedule } = await view('FA-0103');
      expect(status).toBe('in_progress');
      expect(schedule.map((s) => `${s.step}:${s.state}:${s.reason ?? s.at}`)).toEqual([
        'courtesy_reminder:skipped:missed_during_pause',
        'first_reminder:sent:2026-12-01T08:00:00.000Z',
        'second_reminder:planned:2026-12-08T08:00:00.000Z',
        'formal_notice:planned:2026-12-23T08:00:00.000Z',
        // Notice Wednesday 23 → deadline Thursday 31 → escalation after New Year's Day, Monday 4.
        'escalation:planned:2027-01-04T08:00:00.000Z',
      ]);
      expect((await emailsOf('FA-0103')).map(sentAt)).toEqual(['2026-12-01T08:00:00.000Z']);
    });

    it('should resume by hand at the next window, sending nothing at once', async () => {
      await api.advanceTo('2026-12-02T12:00:00Z');
      const resumed = await api.post(`/invoices/${idOf('FA-0104')}/resume`);
      expect(resumed.status).toBe(200);
      await api.settle();
      expect(await emailsOf('FA-0104')).toEqual([]);
      await api.advanceTo('2026-12-03T09:00:00Z');
      expect((await emailsOf('FA-0104')).map(sentAt)).toEqual(['2026-12-03T08:00:00.000Z']);
    });

    it('should never send a reminder after a payment made at the very instant of the reminder', async () => {
      await api.advanceTo('2026-12-07T07:59:59.000Z');
      const [payment] = await Promise.all([
        api.post(`/invoices/${idOf('FA-0107')}/payments`, { paymentId: 'P-107', amountMinor: 123456 }),
        api.advanceTo('2026-12-07T08:00:00.000Z'),
      ]);
      expect(payment.status).toBe(201);
      await api.settle();
      await api.advanceTo('2026-12-08T09:00:00Z');
      const { events, status } = await view('FA-0107');
      expect(status).toBe('paid');
      const types = events?.map((e) => e.type) ?? [];
      expect(types.filter((t) => t === 'thank_you_sent')).toHaveLength(1);
      const paidAt = events?.find((e) => e.type === 'invoice_paid')?.at ?? '';
      const remindersAfterPayment = events?.filter((e) => e.type === 'reminder_sent' && e.at > paidAt) ?? [];
      expect(remindersAfterPayment).toEqual([]);
      // Courtesy (12 Nov) and first reminder (30 Nov), at most the second one raced in before the payment, one thank-you.
      const emails = await emailsOf('FA-0107');
      expect(emails.length).toBeGreaterThanOrEqual(3);
      expect(emails.length).toBeLessThanOrEqual(4);
    });
  });

  it('should never have answered a 5xx', async () => {
    // Every request above went through the same service; a last probe with hostile input.
    const hostile = invoice('<script>alert(1)</script>\r\nX-Injected: 1');
    expectProblem(await api.post('/invoices', hostile), 400);
    const nul = invoice('FA\u0000NUL');
    expectProblem(await api.post('/invoices', nul), 400);
    const huge = await api.post('/invoices', { ...invoice('FA-HUGE'), purchaseOrder: 'x'.repeat(100_000) });
    expectProblem(huge, 400);
  });
});
