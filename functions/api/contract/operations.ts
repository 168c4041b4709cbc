import * as z from 'zod';
import { isoDate, sellerId } from '../../core/schemas';
import { INVOICE_STATUSES } from './components';
import { getEvidence } from './evidence';
import {
  cancelledInvoiceViewExample,
  genericPaymentEventExample,
  invoiceByUploadExample,
  invoiceExample,
  invoiceViewExample,
  invoiceViewWithStatementExample,
  paidInvoiceViewExample,
  pausedInvoiceViewExample,
  paymentExample,
  sellerExample,
  sellerProfileExample,
  stripeEventExample,
  webhookAckExample,
} from './examples';
import { defineOperation, json, type Operation, type ParameterSpec } from './operation';
import { answerReply, showReplyPage } from './replies';
import { reportAging, reportSummary } from './reports';
import { createUpload } from './uploads';

export { reportAging, reportSummary } from './reports';
export { createUpload, uploadRequestSchema } from './uploads';

/**
 * Every operation of the HTTP API. Adding a route means adding an operation here (or in a sibling file
 * listed in OPERATIONS); the router, the deployed API Gateway routes and the OpenAPI document follow.
 */

/** Query strings are validated strictly (an unknown parameter is a 400) with these schemas. */
export const listInvoicesQuery = z.strictObject({
  sellerId,
  status: z.enum(INVOICE_STATUSES).optional(),
  customerId: z.string().min(1).max(64).optional(),
  cursor: z.string().max(2048).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});

export const getInvoiceQuery = z.strictObject({ asOf: isoDate.optional() });

const invoiceIdParameter: Record<'invoiceId', ParameterSpec> = {
  invoiceId: {
    description: 'The `invoiceId` returned when the invoice was registered',
    schema: z.string().regex(/^inv_[A-Za-z0-9_-]{22}$/),
    example: invoiceViewExample.invoiceId,
    required: true,
  },
};

const sellerIdParameter: Record<'sellerId', ParameterSpec> = {
  sellerId: {
    description: 'Your identifier for the seller (letters, digits, `-`, `_`)',
    schema: sellerId,
    example: 'atelier-dupont',
    required: true,
  },
};

const invoice = (description: string, example: unknown = invoiceViewExample) => ({
  description,
  content: json('InvoiceView', example),
});

export const health = defineOperation({
  method: 'GET',
  path: '/health',
  operationId: 'getHealth',
  tags: ['Service'],
  summary: 'Liveness',
  description: 'Answers `{"status":"ok"}` when the API function runs. No API key: meant for uptime probes.',
  target: 'api',
  auth: 'public',
  responses: { 200: { description: 'The service is up', content: json('Health', { status: 'ok' }) } },
  problems: [],
});

export const openApi = defineOperation({
  method: 'GET',
  path: '/openapi.json',
  operationId: 'getOpenApiDocument',
  tags: ['Service'],
  summary: 'This OpenAPI document',
  description: 'The OpenAPI 3.1 document of this API, generated from the schemas that validate requests.',
  target: 'api',
  auth: 'public',
  responses: {
    200: {
      description: 'The OpenAPI document',
      content: {
        'application/json': {
          schema: z.looseObject({ openapi: z.string() }),
          example: { openapi: '3.1.0', info: { title: 'Relance API', version: '1.0.0' } },
        },
      },
    },
  },
  problems: [],
});

const REFERENCE_FILES = ['swagger-ui-bundle.js', 'swagger-ui.css', 'reference.js'] as const;

export const apiReference = defineOperation({
  method: 'GET',
  path: '/docs',
  operationId: 'getApiReference',
  tags: ['Service'],
  summary: 'API reference page',
  description:
    'This document rendered for people by Swagger UI, served by the API itself (no third-party script, style or font). No API key.',
  target: 'api',
  auth: 'public',
  responses: {
    200: {
      description: 'The reference page',
      content: {
        'text/html': {
          schema: z.string().meta({ description: 'An HTML page' }),
          example: '<!doctype html><html lang="en"><head><title>Relance API reference</title>…',
        },
      },
    },
  },
  problems: [],
});

export const apiReferenceFile = defineOperation({
  method: 'GET',
  path: '/docs/{file}',
  operationId: 'getApiReferenceFile',
  tags: ['Service'],
  summary: 'Files of the reference page',
  description:
    'The script and style sheet the reference page loads (from the npm package `swagger-ui-dist`). No API key.',
  target: 'api',
  auth: 'public',
  pathParameters: {
    file: {
      description: 'One of the files the page loads',
      schema: z.enum(REFERENCE_FILES),
      example: 'swagger-ui.css',
      required: true,
    },
  },
  responses: {
    200: {
      description: 'The file',
      content: {
        'text/javascript': {
          schema: z.string().meta({ description: 'JavaScript' }),
          example: '/*! Swagger UI */…',
        },
        'text/css': { schema: z.string().meta({ description: 'A style sheet' }), example: '.swagger-ui{…}' },
      },
    },
  },
  problems: [404],
});

const keyExample = {
  keyId: 'a1b2c3d4e5',
  name: 'Cabinet comptable Martin',
  sellers: ['atelier-dupont'],
  access: 'write',
  createdAt: '2026-11-02T10:00:00.000Z',
};

const apiKeyRecord = z.object({
  keyId: z.string(),
  name: z.string(),
  sellers: z.array(z.string()),
  access: z.enum(['read', 'write']),
  createdAt: z.iso.datetime({ offset: true }),
});

export const createApiKey = defineOperation({
  method: 'POST',
  path: '/api-keys',
  operationId: 'createApiKey',
  tags: ['Keys'],
  summary: 'Create a seller key',
  description:
    'Operator key only. The key reaches only the listed sellers (anything else answers 404), read-only or read-write. Its value is in this answer only.',
  target: 'api',
  auth: 'apiKey',
  requestBody: {
    required: true,
    content: json('ApiKeyRequest', {
      name: 'Cabinet comptable Martin',
      sellers: ['atelier-dupont'],
      access: 'write',
    }),
  },
  responses: {
    201: {
      description: 'Created; keep `apiKey`, it is never shown again',
      content: {
        'application/json': {
          schema: apiKeyRecord.extend({ apiKey: z.string() }),
          example: { ...keyExample, apiKey: 'Zx8v0k2mQn4pR6sT8uV0wX2yZ4aB6cD8eF0gH2iJ' },
        },
      },
    },
  },
  problems: [400],
});

export const listApiKeys = defineOperation({
  method: 'GET',
  path: '/api-keys',
  operationId: 'listApiKeys',
  tags: ['Keys'],
  summary: 'List seller keys',
  description: 'Operator key only. Keys are listed without their values.',
  target: 'api',
  auth: 'apiKey',
  responses: {
    200: {
      description: 'Every seller key',
      content: {
        'application/json': {
          schema: z.object({ items: z.array(apiKeyRecord) }),
          example: { items: [keyExample] },
        },
      },
    },
  },
  problems: [],
});

export const revokeApiKey = defineOperation({
  method: 'DELETE',
  path: '/api-keys/{keyId}',
  operationId: 'revokeApiKey',
  tags: ['Keys'],
  summary: 'Revoke a seller key',
  description: 'Operator key only. The key stops working at once.',
  target: 'api',
  auth: 'apiKey',
  pathParameters: {
    keyId: {
      description: 'The `keyId` of the key',
      schema: z.string().max(128),
      example: 'a1b2c3d4e5',
      required: true,
    },
  },
  responses: { 204: { description: 'Revoked' } },
  problems: [404],
});

export const rotateWebhookSecret = defineOperation({
  method: 'POST',
  path: '/sellers/{sellerId}/webhook-secret',
  operationId: 'rotateSellerWebhookSecret',
  tags: ['Sellers'],
  summary: 'Set a new generic-webhook secret for a seller',
  description:
    "The secret is shown in this answer only; the previous one stays valid until the next call. Events signed with it reach this seller's invoices only.",
  target: 'api',
  auth: 'apiKey',
  pathParameters: sellerIdParameter,
  responses: {
    201: {
      description: 'The new secret',
      content: {
        'application/json': {
          schema: z.object({ sellerId: z.string(), secret: z.string() }),
          example: {
            sellerId: 'atelier-dupont',
            secret: 'whsec_q3Jv0mYb5n8Xc2Lr7Tw4Zp1Ks6Hd9Fg0Aa2Bb4Cc6Dd',
          },
        },
      },
    },
  },
  problems: [404],
});

export const putSeller = defineOperation({
  method: 'PUT',
  path: '/sellers/{sellerId}',
  operationId: 'putSeller',
  tags: ['Sellers'],
  summary: 'Create or replace a seller profile',
  description:
    'Creates the profile (201) or replaces it (200). `cadence`, `sendWindow` and `defaultLocale` are optional; the answer shows them with their defaults. Invoices already registered keep the terms they were registered with.',
  target: 'api',
  auth: 'apiKey',
  pathParameters: sellerIdParameter,
  requestBody: { required: true, content: json('Seller', sellerExample) },
  responses: {
    200: { description: 'Replaced', content: json('SellerProfile', sellerProfileExample) },
    201: { description: 'Created', content: json('SellerProfile', sellerProfileExample) },
  },
  problems: [400],
});

export const getSeller = defineOperation({
  method: 'GET',
  path: '/sellers/{sellerId}',
  operationId: 'getSeller',
  tags: ['Sellers'],
  summary: 'Read a seller profile',
  description: 'The profile as stored, defaults included.',
  target: 'api',
  auth: 'apiKey',
  pathParameters: sellerIdParameter,
  responses: { 200: { description: 'The profile', content: json('SellerProfile', sellerProfileExample) } },
  problems: [404],
});

export const registerInvoice = defineOperation({
  method: 'POST',
  path: '/invoices',
  operationId: 'registerInvoice',
  tags: ['Invoices'],
  summary: 'Register an invoice and start its dunning cadence',
  description:
    'Either every field in JSON (`Invoice`), or a Factur-X PDF with as little as `sellerId` and `pdf` (`FacturXInvoice`): post the PDF, we read the rest. The PDF comes inline (`pdf.contentBase64`, at most 4 MB once decoded) or as an object already in the invoices bucket (`pdf.s3Key`). Posting the same invoice again answers 200 with the stored view; the same seller and number with other content answers 409.',
  target: 'api',
  auth: 'apiKey',
  requestBody: {
    required: true,
    content: { 'application/json': { schema: 'InvoiceRegistration', example: invoiceExample } },
  },
  responses: {
    201: {
      description: 'Registered; the cadence runs',
      content: json('InvoiceView', invoiceViewExample),
      headers: { Location: { description: 'The URL of the invoice', schema: z.string() } },
    },
    200: invoice('Already registered with identical content'),
  },
  problems: [400, 409, 413],
});

export const registerInvoices = defineOperation({
  method: 'POST',
  path: '/invoices/batch',
  operationId: 'registerInvoices',
  tags: ['Invoices'],
  summary: 'Register up to 100 invoices',
  description:
    'Each invoice is registered as by `POST /invoices`, independently: the 207 carries one result per item, with the status and view or problem that route would have answered.',
  target: 'api',
  auth: 'apiKey',
  requestBody: {
    required: true,
    content: json('InvoiceBatch', { invoices: [invoiceExample, invoiceByUploadExample] }),
  },
  responses: {
    207: {
      description: 'One result per invoice, in request order',
      content: json('BatchResults', {
        results: [
          { index: 0, status: 201, invoiceId: invoiceViewExample.invoiceId, invoice: invoiceViewExample },
          {
            index: 1,
            status: 409,
            problem: {
              title: 'Conflict',
              status: 409,
              detail:
                'Invoice FA-2026-0012 of seller atelier-dupont is already registered with different content.',
              errors: [],
            },
          },
        ],
      }),
    },
  },
  problems: [400, 413],
});

export const listInvoices = defineOperation({
  method: 'GET',
  path: '/invoices',
  operationId: 'listInvoices',
  tags: ['Invoices'],
  summary: "List a seller's invoices",
  description:
    'Pages of at most `limit` invoices (without their events). When `nextCursor` is present, call again with `cursor=<nextCursor>` and the same filters; the last page has no `nextCursor`. Cursors are opaque and signed: a cursor that was altered or used with other filters answers 400.',
  target: 'api',
  auth: 'apiKey',
  query: {
    sellerId: { ...sellerIdParameter.sellerId, description: 'The seller whose invoices to list' },
    status: {
      description: 'Only invoices in this status',
      schema: listInvoicesQuery.shape.status,
      example: 'paid',
    },
    customerId: {
      description: 'Only invoices of this customer',
      schema: listInvoicesQuery.shape.customerId,
      example: 'C-042',
    },
    cursor: {
      description: 'The `nextCursor` of the previous page (opaque)',
      schema: listInvoicesQuery.shape.cursor,
      example: 'v1.eyJrIjoiZXhhbXBsZSJ9.c2lnbmF0dXJl',
    },
    limit: { description: 'Page size', schema: listInvoicesQuery.shape.limit, example: 50 },
  },
  responses: {
    200: { description: 'A page', content: json('InvoicePage', { items: [invoiceViewExample] }) },
  },
  problems: [400],
});

export const getInvoice = defineOperation({
  method: 'GET',
  path: '/invoices/{invoiceId}',
  operationId: 'getInvoice',
  tags: ['Invoices'],
  summary: 'Read an invoice: schedule, payments, events, statement',
  description: 'With `asOf`, the view adds the statement of amounts due on that date (penalties, indemnity).',
  target: 'api',
  auth: 'apiKey',
  pathParameters: invoiceIdParameter,
  query: {
    asOf: {
      description: 'Date of the statement of amounts',
      schema: getInvoiceQuery.shape.asOf,
      example: '2026-12-20',
    },
  },
  responses: { 200: invoice('The invoice', invoiceViewWithStatementExample) },
  problems: [400, 404],
});

export const getInvoiceEvidence = getEvidence(invoiceIdParameter);

export const recordPayment = defineOperation({
  method: 'POST',
  path: '/invoices/{invoiceId}/payments',
  operationId: 'recordPayment',
  tags: ['Payments'],
  summary: 'Record a payment',
  description:
    'Idempotent by `paymentId`: 201 when recorded, 200 when that payment was already recorded. At a zero balance the invoice is `paid`, its cadence stops and one thank-you goes out.',
  target: 'api',
  auth: 'apiKey',
  pathParameters: invoiceIdParameter,
  requestBody: { required: true, content: json('Payment', paymentExample) },
  responses: {
    201: invoice('Recorded', paidInvoiceViewExample),
    200: invoice('Already recorded', paidInvoiceViewExample),
  },
  problems: [400, 404],
});

export const pauseInvoice = defineOperation({
  method: 'POST',
  path: '/invoices/{invoiceId}/pause',
  operationId: 'pauseInvoice',
  tags: ['Invoices'],
  summary: 'Pause dunning',
  description:
    'Dispute, promise to pay, payment plan, declared payment, insolvency or other reason. With `until`, dunning resumes by itself that day (never for insolvency, which emails the seller the claim declaration deadline); nothing missed during the pause is sent in a burst.',
  target: 'api',
  auth: 'apiKey',
  pathParameters: invoiceIdParameter,
  requestBody: {
    required: true,
    content: json('Pause', { reason: 'promise_to_pay', until: '2026-12-15' }),
  },
  responses: { 200: invoice('Paused', pausedInvoiceViewExample) },
  problems: [400, 404, 409],
});

export const agreePaymentPlan = defineOperation({
  method: 'POST',
  path: '/invoices/{invoiceId}/payment-plan',
  operationId: 'agreePaymentPlan',
  tags: ['Invoices'],
  summary: 'Agree a payment plan',
  description:
    '2 to 12 installments with increasing dates, the first not in the past, adding up to the balance. Installment reminders (3 days before each date, and 3 business days after it if uncovered) replace the cadence; payments are applied to installments in order; an installment 15 days late breaks the plan and the cadence resumes at the formal notice.',
  target: 'api',
  auth: 'apiKey',
  pathParameters: invoiceIdParameter,
  requestBody: {
    required: true,
    content: json('PaymentPlan', {
      installments: [
        { dueDate: '2026-12-15', amountMinor: 41152 },
        { dueDate: '2027-01-15', amountMinor: 41152 },
        { dueDate: '2027-02-15', amountMinor: 41152 },
      ],
      note: 'Agreed by phone',
    }),
  },
  responses: { 201: invoice('Plan agreed') },
  problems: [400, 404, 409],
});

export const resumeInvoice = defineOperation({
  method: 'POST',
  path: '/invoices/{invoiceId}/resume',
  operationId: 'resumeInvoice',
  tags: ['Invoices'],
  summary: 'Resume dunning now',
  description:
    'The next pending step goes out at the next send window, the following ones keep their usual gaps. The body is optional; when sent it must be `{}`.',
  target: 'api',
  auth: 'apiKey',
  pathParameters: invoiceIdParameter,
  requestBody: {
    required: false,
    content: { 'application/json': { schema: z.strictObject({}), example: {} } },
  },
  responses: { 200: invoice('Resumed') },
  problems: [400, 404, 409],
});

export const updateContact = defineOperation({
  method: 'POST',
  path: '/invoices/{invoiceId}/contact',
  operationId: 'updateInvoiceContact',
  tags: ['Invoices'],
  summary: "Replace the customer's email address",
  description:
    "Replaces the customer's email (and optionally cc, name, company, postal address) after SES gave up on the old one (`undeliverable`): clears it and resumes the customer messages without a burst.",
  target: 'api',
  auth: 'apiKey',
  pathParameters: invoiceIdParameter,
  requestBody: { required: true, content: json('Contact', { email: 'factures@boulangerie-martin.fr' }) },
  responses: { 200: invoice('Updated') },
  problems: [400, 404, 409],
});

export const cancelInvoice = defineOperation({
  method: 'POST',
  path: '/invoices/{invoiceId}/cancel',
  operationId: 'cancelInvoice',
  tags: ['Invoices'],
  summary: 'Cancel dunning for good',
  description: 'Credit note, voided or written-off invoice: every planned step is cancelled.',
  target: 'api',
  auth: 'apiKey',
  pathParameters: invoiceIdParameter,
  requestBody: { required: true, content: json('Cancel', { reason: 'credit_note' }) },
  responses: { 200: invoice('Cancelled', cancelledInvoiceViewExample) },
  problems: [400, 404, 409],
});

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

/** The whole API, in the order of the reference page. */
export const OPERATIONS: readonly Operation[] = [
  health,
  openApi,
  apiReference,
  apiReferenceFile,
  createApiKey,
  listApiKeys,
  revokeApiKey,
  putSeller,
  getSeller,
  rotateWebhookSecret,
  createUpload,
  registerInvoice,
  registerInvoices,
  listInvoices,
  getInvoice,
  getInvoiceEvidence,
  recordPayment,
  pauseInvoice,
  agreePaymentPlan,
  resumeInvoice,
  updateContact,
  cancelInvoice,
  reportSummary,
  reportAging,
  genericPaymentWebhook,
  stripeWebhook,
  showReplyPage,
  answerReply,
];
