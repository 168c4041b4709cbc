import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invoiceIdFor } from '../../functions/core/ids';
import { atelierDupont } from '../fixtures/sellers';
import { expectProblem, invoice, SELLER, type View } from './api-fixture';
import { type Harness, startHarness } from './harness';

/**
 * The payment webhooks (generic and Stripe) end to end through the local API adapter, the real handlers
 * and the emulators, on two invoices registered on 2026-11-02 (due Friday 2026-11-20).
 */
describe('the HTTP API: payment webhooks', () => {
  let api: Harness;
  const idOf = (number: string) => invoiceIdFor(SELLER, number);
  const view = async (number: string) => (await api.get(`/invoices/${idOf(number)}`)).json<View>();

  beforeAll(async () => {
    api = await startHarness({ now: '2026-11-02T10:00:00Z' });
    expect((await api.put(`/sellers/${SELLER}`, atelierDupont)).status).toBe(201);
    for (const number of ['FA-0101', 'FA-0102']) {
      expect((await api.post('/invoices', invoice(number))).status).toBe(201);
    }
    await api.settle();
  });

  afterAll(async () => {
    await api?.stop();
  });

  describe('webhooks', () => {
    const event = (
      eventId: string,
      number: string,
      amountMinor: number,
      extra: Record<string, unknown> = {},
    ) =>
      JSON.stringify({
        eventId,
        type: 'payment.succeeded',
        invoiceId: idOf(number),
        paymentId: `PAY-${eventId}`,
        amountMinor,
        currency: 'EUR',
        paidAt: '2026-11-02T09:00:00Z',
        ...extra,
      });
    const deliver = (body: string, signature: string) =>
      api.post('/webhooks/payments/generic', body, {
        apiKey: null,
        headers: { 'content-type': 'application/json', 'Dunning-Signature': signature },
      });

    it('should apply a correctly signed payment once, and acknowledge its replay with no effect', async () => {
      const body = event('evt-1', 'FA-0101', 10000);
      const first = await deliver(body, api.signWebhook(body));
      expect(first.status).toBe(200);
      expect(first.json()).toMatchObject({ received: true, duplicate: false });
      const replay = await deliver(body, api.signWebhook(body));
      expect(replay.json()).toMatchObject({ received: true, duplicate: true });
      expect((await view('FA-0101')).balanceMinor).toBe(113456);
    });

    it('should reject wrong, stale and future signatures and a tampered body, writing nothing', async () => {
      const body = event('evt-2', 'FA-0101', 5000);
      const now = Math.floor(Date.parse(await api.now()) / 1000);
      for (const signature of [
        api.signWebhook(body, { secret: 'not-the-secret' }),
        api.signWebhook(body, { timestamp: now - 301 }),
        api.signWebhook(body, { timestamp: now + 301 }),
        'garbage',
      ]) {
        expectProblem(await deliver(body, signature), 400);
      }
      expectProblem(await deliver(body.replace('5000', '5001'), api.signWebhook(body)), 400);
      expect((await view('FA-0101')).balanceMinor).toBe(113456);
    });

    it('should refuse a payment in another currency and one for an unknown invoice', async () => {
      const usd = event('evt-3', 'FA-0101', 100, { currency: 'USD' });
      expectProblem(await deliver(usd, api.signWebhook(usd)), 400);
      const unknown = event('evt-4', 'FA-9999', 100);
      expectProblem(await deliver(unknown, api.signWebhook(unknown)), 404);
    });

    it('should verify Stripe signatures and match the invoice through metadata', async () => {
      const now = Math.floor(Date.parse(await api.now()) / 1000);
      const body = JSON.stringify({
        id: 'evt_stripe_1',
        type: 'payment_intent.succeeded',
        created: now,
        data: {
          object: {
            id: 'pi_1',
            amount_received: 20000,
            currency: 'eur',
            created: now,
            metadata: { dunning_invoice_id: idOf('FA-0102') },
          },
        },
      });
      const stripe = (signature: string) =>
        api.post('/webhooks/payments/stripe', body, {
          apiKey: null,
          headers: { 'Stripe-Signature': signature },
        });
      expectProblem(await stripe(api.signWebhook(body)), 400);
      const accepted = await stripe(api.signWebhook(body, { secret: api.service.stripeWebhookSecret }));
      expect(accepted.status).toBe(200);
      expect((await view('FA-0102')).balanceMinor).toBe(103456);
      const ignored = JSON.stringify({ id: 'evt_stripe_2', type: 'customer.created', data: { object: {} } });
      const ack = await api.post('/webhooks/payments/stripe', ignored, {
        apiKey: null,
        headers: {
          'Stripe-Signature': api.signWebhook(ignored, { secret: api.service.stripeWebhookSecret }),
        },
      });
      expect(ack.json()).toMatchObject({ received: true, ignored: expect.any(String) });
    });
  });
});
