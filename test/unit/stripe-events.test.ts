import { describe, expect, it } from 'vitest';
import { readStripeEvent } from '../../functions/webhooks/stripe';

const created = 1_795_000_000;

describe('readStripeEvent', () => {
  it('should read a succeeded payment intent with our invoice id in its metadata', () => {
    const outcome = readStripeEvent({
      id: 'evt_1',
      type: 'payment_intent.succeeded',
      created,
      data: {
        object: {
          id: 'pi_1',
          amount_received: 123456,
          currency: 'eur',
          created,
          metadata: { dunning_invoice_id: 'inv_x' },
        },
      },
    });
    expect(outcome).toEqual({
      kind: 'payment',
      payment: {
        eventId: 'evt_1',
        invoiceId: 'inv_x',
        paymentId: 'stripe:pi_1',
        amountMinor: 123456,
        currency: 'EUR',
        paidAt: new Date(created * 1000).toISOString(),
      },
    });
  });

  it('should give a checkout session the id of its payment intent, so one payment counts once', () => {
    const outcome = readStripeEvent({
      id: 'evt_2',
      type: 'checkout.session.completed',
      data: {
        object: {
          id: 'cs_1',
          amount_total: 5000,
          currency: 'eur',
          payment_status: 'paid',
          payment_intent: 'pi_1',
          metadata: { dunning_invoice_id: 'inv_x' },
        },
      },
    });
    expect(outcome.kind === 'payment' && outcome.payment.paymentId).toBe('stripe:pi_1');
  });

  it('should ignore an unpaid checkout session, unknown event types and events without our metadata', () => {
    expect(
      readStripeEvent({
        id: 'evt_3',
        type: 'checkout.session.completed',
        data: {
          object: { id: 'cs_2', amount_total: 5000, currency: 'eur', payment_status: 'unpaid', metadata: {} },
        },
      }).kind,
    ).toBe('ignored');
    expect(readStripeEvent({ id: 'evt_4', type: 'customer.created', data: { object: {} } }).kind).toBe(
      'ignored',
    );
    expect(
      readStripeEvent({
        id: 'evt_5',
        type: 'invoice.paid',
        data: { object: { id: 'in_1', amount_paid: 10, currency: 'eur' } },
      }),
    ).toEqual({ kind: 'ignored', eventId: 'evt_5', reason: 'no metadata.dunning_invoice_id' });
  });

  it('should call malformed bodies invalid', () => {
    expect(readStripeEvent({ hello: 'world' }).kind).toBe('invalid');
    expect(
      readStripeEvent({
        id: 'evt_6',
        type: 'payment_intent.succeeded',
        data: { object: { id: 'pi', amount_received: 'lots' } },
      }).kind,
    ).toBe('invalid');
  });
});
