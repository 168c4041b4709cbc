import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import * as z from 'zod';
import { INVOICE_ID_PATTERN } from '../core/ids';
import { genericPaymentEventSchema, MAX_AMOUNT_MINOR } from '../core/schemas';
import { now } from '../shared/clock';
import { loadConfig } from '../shared/config';
import { Executions } from '../shared/executions';
import { HttpError, header, json, parseJsonBody, problem, rawBody, toHttpError } from '../shared/http';
import { logger } from '../shared/logger';
import { webhookSecrets } from '../shared/secrets';
import { Store } from '../shared/store';
import { recordPayment } from '../shared/use-cases/record-payment';
import { validate } from '../shared/validate';
import { SignatureError, verifySignature } from './signatures';
import { readStripeEvent } from './stripe';

const config = loadConfig({
  TABLE_NAME: z.string().min(1),
  STATE_MACHINE_ARN: z.string().startsWith('arn:'),
  WEBHOOK_SECRET_ARN: z.string().optional(),
  DUNNING_WEBHOOK_SECRET: z.string().optional(),
  STRIPE_WEBHOOK_SECRET_ARN: z.string().optional(),
  STRIPE_WEBHOOK_SECRET: z.string().optional(),
});

const store = new Store(config.TABLE_NAME);
// Webhooks only record payments: no documents, no seller alerts.
const payments = { store, executions: new Executions(config.STATE_MACHINE_ARN), now };

/** Remembers a delivered event id; false when it was seen before (a replay: acknowledged, no effect). */
async function rememberDelivery(provider: string, eventId: string, invoiceId: string): Promise<boolean> {
  return store.rememberWebhookDelivery(provider, eventId, invoiceId, now().toISOString());
}

/**
 * The secrets of the seller of the invoice an event names: a seller's own secret signs events for
 * its invoices only (the deployment's secret signs for every seller).
 */
async function sellerSecrets(document: unknown): Promise<string[]> {
  const invoiceId =
    document !== null && typeof document === 'object' && Object.hasOwn(document, 'invoiceId')
      ? (document as { invoiceId: unknown }).invoiceId
      : undefined;
  if (typeof invoiceId !== 'string' || !INVOICE_ID_PATTERN.test(invoiceId)) return [];
  const invoice = await store.getInvoice(invoiceId);
  return invoice ? store.getWebhookSecrets(invoice.sellerId) : [];
}

async function generic(event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> {
  const body = rawBody(event);
  const document = parseJsonBody(event);
  const secrets = [
    ...(await webhookSecrets({ arn: config.WEBHOOK_SECRET_ARN, value: config.DUNNING_WEBHOOK_SECRET })),
    ...(await sellerSecrets(document)),
  ];
  verifySignature({ header: header(event, 'dunning-signature'), rawBody: body, secrets, now: now() });
  const payment = validate(genericPaymentEventSchema, document, 'The event does not match the schema.');
  if (!INVOICE_ID_PATTERN.test(payment.invoiceId)) throw new HttpError(404, 'Not found', 'Unknown invoice.');
  const result = await recordPayment(payments, payment.invoiceId, payment, 'webhook_generic');
  const first = await rememberDelivery('generic', payment.eventId, payment.invoiceId);
  return json(200, { received: true, duplicate: !first || !result.applied, status: result.view.status });
}

async function stripe(event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> {
  const body = rawBody(event);
  const secrets = await webhookSecrets({
    arn: config.STRIPE_WEBHOOK_SECRET_ARN,
    value: config.STRIPE_WEBHOOK_SECRET,
  });
  verifySignature({ header: header(event, 'stripe-signature'), rawBody: body, secrets, now: now() });
  const outcome = readStripeEvent(parseJsonBody(event, { checkText: false }));
  if (outcome.kind === 'invalid') throw new HttpError(400, 'Invalid request', outcome.message);
  if (outcome.kind === 'ignored') return json(200, { received: true, ignored: outcome.reason });
  const { payment } = outcome;
  if (!INVOICE_ID_PATTERN.test(payment.invoiceId))
    return json(200, { received: true, ignored: 'unknown invoice' });
  const invoice = await store.getInvoice(payment.invoiceId);
  // Acknowledge: Stripe would retry for days an event that can never match.
  if (!invoice) return json(200, { received: true, ignored: 'unknown invoice' });
  // Acknowledged too (Stripe would retry for days), and left to a human on the invoice's timeline.
  const review =
    payment.currency !== invoice.currency
      ? 'currency_mismatch'
      : payment.amountMinor > MAX_AMOUNT_MINOR
        ? 'amount_above_limit'
        : undefined;
  if (review) {
    if (await rememberDelivery('stripe', payment.eventId, payment.invoiceId)) {
      await store.appendEvent(payment.invoiceId, {
        at: now().toISOString(),
        type: 'payment_needs_review',
        reason: review,
        provider: 'stripe',
        eventId: payment.eventId,
        paymentId: payment.paymentId,
        amountMinor: payment.amountMinor,
        currency: payment.currency,
      });
      logger.warn('Stripe payment left for review', { invoiceId: payment.invoiceId, reason: review });
    }
    return json(200, { received: true, ignored: review });
  }
  const result = await recordPayment(payments, payment.invoiceId, payment, 'webhook_stripe');
  const first = await rememberDelivery('stripe', payment.eventId, payment.invoiceId);
  return json(200, { received: true, duplicate: !first || !result.applied, status: result.view.status });
}

/** Payment webhooks: not keyed, authenticated by their signatures (docs/domain.md). */
export const handler = async (event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> => {
  try {
    if (event.httpMethod !== 'POST') return problem(405, 'Method not allowed', 'Webhooks accept POST only.');
    if (event.path.endsWith('/webhooks/payments/generic')) return await generic(event);
    if (event.path.endsWith('/webhooks/payments/stripe')) return await stripe(event);
    return problem(404, 'Not found', `No webhook at ${event.path}.`);
  } catch (error) {
    if (error instanceof SignatureError) {
      logger.warn('Webhook signature rejected', { path: event.path, reason: error.message });
      return problem(400, 'Invalid signature', `The webhook signature was rejected: ${error.message}.`);
    }
    const refused = toHttpError(error);
    if (refused) return problem(refused.status, refused.title, refused.message, refused.issues);
    logger.error('Unhandled webhook error', { path: event.path, error: error as Error });
    return problem(
      500,
      'Internal error',
      'Something went wrong on our side; the delivery can be retried safely.',
    );
  }
};
