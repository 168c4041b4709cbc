import * as z from 'zod';

/** The Stripe events that mean "this invoice got paid", and how to read the payment from each. */
export const HANDLED_STRIPE_EVENTS = [
  'payment_intent.succeeded',
  'checkout.session.completed',
  'invoice.paid',
] as const;

const metadata = z.record(z.string(), z.string()).optional().nullable();

const stripeEventSchema = z.object({
  id: z.string().min(1).max(255),
  type: z.string().max(255),
  created: z.number().int().optional(),
  data: z.object({ object: z.record(z.string(), z.unknown()) }),
});

const paymentIntent = z.object({
  id: z.string(),
  amount_received: z.number().int().positive(),
  currency: z.string().length(3),
  created: z.number().int().optional(),
  metadata,
});
const checkoutSession = z.object({
  id: z.string(),
  amount_total: z.number().int().positive(),
  currency: z.string().length(3),
  payment_status: z.string(),
  payment_intent: z.string().nullable().optional(),
  created: z.number().int().optional(),
  metadata,
});
const stripeInvoice = z.object({
  id: z.string(),
  amount_paid: z.number().int().positive(),
  currency: z.string().length(3),
  payment_intent: z.string().nullable().optional(),
  created: z.number().int().optional(),
  metadata,
});

export interface StripePayment {
  readonly eventId: string;
  readonly invoiceId: string;
  readonly paymentId: string;
  readonly amountMinor: number;
  readonly currency: string;
  readonly paidAt: string;
}

export type StripeOutcome =
  | { readonly kind: 'payment'; readonly payment: StripePayment }
  | { readonly kind: 'ignored'; readonly eventId: string; readonly reason: string }
  | { readonly kind: 'invalid'; readonly message: string };

/**
 * Reads a Stripe event. The payment id is the PaymentIntent's id whenever Stripe gives it, so the
 * `payment_intent.succeeded` and `checkout.session.completed` of one payment count once.
 */
export function readStripeEvent(body: unknown): StripeOutcome {
  const event = stripeEventSchema.safeParse(body);
  if (!event.success) return { kind: 'invalid', message: 'not a Stripe event' };
  const { id: eventId, type } = event.data;
  const object = event.data.data.object;
  const paidAt = (created: number | undefined) =>
    new Date(((created ?? event.data.created ?? 0) as number) * 1000).toISOString();

  let payment: Omit<StripePayment, 'invoiceId'> & { invoiceId: string | undefined };
  if (type === 'payment_intent.succeeded') {
    const intent = paymentIntent.safeParse(object);
    if (!intent.success) return { kind: 'invalid', message: 'malformed payment_intent' };
    payment = {
      eventId,
      invoiceId: intent.data.metadata?.dunning_invoice_id,
      paymentId: `stripe:${intent.data.id}`,
      amountMinor: intent.data.amount_received,
      currency: intent.data.currency.toUpperCase(),
      paidAt: paidAt(intent.data.created),
    };
  } else if (type === 'checkout.session.completed') {
    const session = checkoutSession.safeParse(object);
    if (!session.success) return { kind: 'invalid', message: 'malformed checkout.session' };
    if (session.data.payment_status !== 'paid')
      return { kind: 'ignored', eventId, reason: 'session not paid yet' };
    payment = {
      eventId,
      invoiceId: session.data.metadata?.dunning_invoice_id,
      paymentId: `stripe:${session.data.payment_intent ?? session.data.id}`,
      amountMinor: session.data.amount_total,
      currency: session.data.currency.toUpperCase(),
      paidAt: paidAt(session.data.created),
    };
  } else if (type === 'invoice.paid') {
    const invoice = stripeInvoice.safeParse(object);
    if (!invoice.success) return { kind: 'invalid', message: 'malformed invoice' };
    payment = {
      eventId,
      invoiceId: invoice.data.metadata?.dunning_invoice_id,
      paymentId: `stripe:${invoice.data.payment_intent ?? invoice.data.id}`,
      amountMinor: invoice.data.amount_paid,
      currency: invoice.data.currency.toUpperCase(),
      paidAt: paidAt(invoice.data.created),
    };
  } else {
    return { kind: 'ignored', eventId, reason: `event type ${type} is not handled` };
  }
  if (!payment.invoiceId) return { kind: 'ignored', eventId, reason: 'no metadata.dunning_invoice_id' };
  return { kind: 'payment', payment: { ...payment, invoiceId: payment.invoiceId } };
}
