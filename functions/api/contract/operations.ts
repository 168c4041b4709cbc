import * as z from 'zod';
import { INVOICE_STATUSES } from '../../core/lifecycle';
import { isoDate, sellerId } from '../../core/schemas';
import { getEvidence } from './evidence';
import {
  cancelledInvoiceViewExample,
  invoiceByUploadExample,
  invoiceExample,
  invoiceViewExample,
  invoiceViewWithStatementExample,
  paidInvoiceViewExample,
  pausedInvoiceViewExample,
  paymentExample,
} from './examples';
import { defineOperation, json, type Operation, type ParameterSpec } from './operation';
import { answerReply, showReplyPage } from './replies';
import { reportAging, reportSummary } from './reports';
import {
  createApiKey,
  getSeller,
  listApiKeys,
  putSeller,
  revokeApiKey,
  rotateWebhookSecret,
  sellerIdParameter,
} from './sellers';
import { apiReference, apiReferenceFile, health, openApi } from './service';
import { createUpload } from './uploads';
import { genericPaymentWebhook, stripeWebhook } from './webhooks';

export { reportAging, reportSummary } from './reports';
export {
  createApiKey,
  getSeller,
  listApiKeys,
  putSeller,
  revokeApiKey,
  rotateWebhookSecret,
} from './sellers';
export { apiReference, apiReferenceFile, health, openApi } from './service';
export { createUpload, uploadRequestSchema } from './uploads';
export { genericPaymentWebhook, stripeWebhook } from './webhooks';

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

const invoice = (description: string, example: unknown = invoiceViewExample) => ({
  description,
  content: json('InvoiceView', example),
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
