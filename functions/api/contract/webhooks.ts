import * as z from 'zod';
import { genericPaymentEventExample, stripeEventExample, webhookAckExample } from './examples';
import { defineOperation, json } from './operation';

/** The payment webhooks: not keyed, authenticated by their signatures (docs/domain.md). */

export const genericPaymentWebhook = defineOperation({
  method: 'POST',
  path: '/webhooks/payments/generic',
  operationId: 'receiveGenericPayment',
  tags: ['Payments'],
  summary: 'Signed payment event',
  description:
    'For any payment system: sign `<t>.<raw body>` with HMAC-SHA256 and the webhook secret, send `Dunning-Signature: t=<unix seconds>,v1=<hex>` (several `v1=` are accepted during a secret rotation; `t` must be within 300 s). A repeated `eventId` or `paymentId` is acknowledged and changes nothing.',
  target: 'webhooks',
  auth: 'signature',
  headers: {
    'Dunning-Signature': {
      description: 't=<unix seconds>,v1=<hex HMAC-SHA256(secret, t + "." + raw body)>',
      schema: z.string().max(1024),
      example: 't=1795600800,v1=5257a869e7ecebeda32affa62cdca3fa51cad7e77a0e56ff536d0ce8e108d8bd',
      required: true,
    },
  },
  requestBody: { required: true, content: json('GenericPaymentEvent', genericPaymentEventExample) },
  responses: { 200: { description: 'Acknowledged', content: json('WebhookAck', webhookAckExample) } },
  problems: [400, 404],
});

export const stripeWebhook = defineOperation({
  method: 'POST',
  path: '/webhooks/payments/stripe',
  operationId: 'receiveStripeEvent',
  tags: ['Payments'],
  summary: 'Stripe event',
  description:
    'Point a Stripe webhook endpoint here. The `Stripe-Signature` header is verified with the endpoint secret (`whsec_…`); the invoice is found through `metadata.dunning_invoice_id` of the payment.',
  target: 'webhooks',
  auth: 'signature',
  headers: {
    'Stripe-Signature': {
      description: 'Set by Stripe: t=<unix seconds>,v1=<hex HMAC-SHA256>',
      schema: z.string().max(1024),
      example: 't=1795600800,v1=5257a869e7ecebeda32affa62cdca3fa51cad7e77a0e56ff536d0ce8e108d8bd',
      required: true,
    },
  },
  requestBody: { required: true, content: json('StripeEvent', stripeEventExample) },
  responses: { 200: { description: 'Acknowledged', content: json('WebhookAck', webhookAckExample) } },
  problems: [400],
});
