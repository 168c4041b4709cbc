import * as z from 'zod';
import {
  cancelSchema,
  contactSchema,
  genericPaymentEventSchema,
  invoiceSchema,
  pauseSchema,
  paymentSchema,
  sellerSchema,
} from '../core/schemas';
import { apiKeyRequestSchema } from './api-keys';
import { reportPaths, reportSchemas } from './openapi-reports';

/**
 * The OpenAPI 3.1 document, generated from the same zod schemas that validate requests (OpenAPI 3.1
 * schemas are JSON Schema 2020-12, which zod emits natively). Never edited by hand: `npm run openapi`
 * writes it to docs/openapi.json and a test checks that file is current.
 */
function schemaOf(schema: z.ZodType): Record<string, unknown> {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, {
    io: 'input',
    unrepresentable: 'any',
  }) as Record<string, unknown>;
  return rest;
}

const problem = {
  type: 'object',
  required: ['type', 'title', 'status'],
  properties: {
    type: { type: 'string', format: 'uri' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    errors: {
      type: 'array',
      items: {
        type: 'object',
        required: ['path', 'message'],
        properties: { path: { type: 'string' }, message: { type: 'string' } },
      },
    },
  },
};

const problems = (...statuses: number[]) =>
  Object.fromEntries(
    statuses.map((status) => [
      String(status),
      {
        description: 'Problem',
        content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
      },
    ]),
  );

const jsonBody = (ref: string, example?: unknown) => ({
  required: true,
  content: {
    'application/json': { schema: { $ref: `#/components/schemas/${ref}` }, ...(example ? { example } : {}) },
  },
});

const invoiceResponse = (description: string) => ({
  description,
  content: { 'application/json': { schema: { $ref: '#/components/schemas/InvoiceView' } } },
});

const invoiceIdParameter = {
  name: 'invoiceId',
  in: 'path',
  required: true,
  schema: { type: 'string', pattern: '^inv_[A-Za-z0-9_-]{22}$' },
};

const sellerExample = {
  legalName: 'Atelier Dupont SAS',
  address: { line1: '12 rue des Lilas', postalCode: '69003', city: 'Lyon', country: 'FR' },
  registration: { siren: '732829320', rcs: 'RCS Lyon 732 829 320', vatNumber: 'FR44732829320' },
  contact: { email: 'compta@atelier-dupont.fr' },
  sender: {
    fromEmail: 'relances@atelier-dupont.fr',
    fromName: 'Atelier Dupont',
    replyTo: 'compta@atelier-dupont.fr',
  },
  bank: { iban: 'FR7630006000011234567890189', bic: 'AGRIFRPP' },
  latePenalty: { annualRatePercent: 12.15 },
};

const invoiceExample = {
  sellerId: 'atelier-dupont',
  number: 'FA-2026-0012',
  issueDate: '2026-10-21',
  dueDate: '2026-11-20',
  currency: 'EUR',
  totalMinor: 123456,
  customer: {
    id: 'C-042',
    name: 'Marie Martin',
    companyName: 'Boulangerie Martin SARL',
    type: 'business',
    email: 'marie@boulangerie-martin.fr',
    locale: 'fr',
    payerProfile: 'standard',
  },
  pdf: { contentBase64: 'JVBERi0xLjQK…' },
  paymentLink: 'https://pay.example.com/i/FA-2026-0012',
};

/**
 * A Factur-X registration: the Invoice schema with only `sellerId` and `pdf` required, since the
 * rest is read from the CII XML embedded in the PDF (the JSON may complete it, never contradict it).
 */
function facturXRegistration(invoice: Record<string, unknown>): Record<string, unknown> {
  const properties = invoice.properties as Record<string, Record<string, unknown>>;
  return {
    ...invoice,
    description:
      'Post the PDF, we read the rest: with a Factur-X / ZUGFeRD / XRechnung PDF (profile BASIC WL or above), `sellerId` and `pdf.contentBase64` are enough. Fields given in JSON complete the document (a MINIMUM profile needs `dueDate` and `customer.email`) and must not contradict it (400 naming each field).',
    required: ['sellerId', 'pdf'],
    properties: { ...properties, customer: { ...properties.customer, required: [] } },
  };
}

const facturXExample = { sellerId: 'atelier-dupont', pdf: { contentBase64: 'JVBERi0xLjcK…' } };

let cached: Record<string, unknown> | undefined;

export function openApiDocument(): Record<string, unknown> {
  cached ??= buildDocument();
  return cached;
}

function buildDocument(): Record<string, unknown> {
  const keyed = [{ apiKey: [] }];
  return {
    openapi: '3.1.0',
    info: {
      title: 'Relance API',
      version: '1.0.0',
      description:
        'Register invoices and let Relance run the French dunning cadence: courtesy reminder, two reminders, formal notice, escalation, thank-you on payment.',
      license: { name: 'Apache-2.0', identifier: 'Apache-2.0' },
    },
    components: {
      securitySchemes: { apiKey: { type: 'apiKey', in: 'header', name: 'x-api-key' } },
      schemas: {
        Seller: schemaOf(sellerSchema),
        Invoice: schemaOf(invoiceSchema),
        FacturXInvoice: facturXRegistration(schemaOf(invoiceSchema)),
        Payment: schemaOf(paymentSchema),
        Pause: schemaOf(pauseSchema),
        Cancel: schemaOf(cancelSchema),
        Contact: schemaOf(contactSchema),
        GenericPaymentEvent: schemaOf(genericPaymentEventSchema),
        ApiKeyRequest: schemaOf(apiKeyRequestSchema),
        InvoiceView: {
          type: 'object',
          description:
            'An invoice with its schedule, payments and (GET only) events and statement of amounts.',
          required: [
            'invoiceId',
            'sellerId',
            'number',
            'status',
            'currency',
            'totalMinor',
            'paidMinor',
            'balanceMinor',
            'schedule',
          ],
          properties: {
            invoiceId: { type: 'string' },
            sellerId: { type: 'string' },
            number: { type: 'string' },
            status: {
              enum: [
                'scheduled',
                'in_progress',
                'paused',
                'paid',
                'formal_notice_sent',
                'escalated',
                'cancelled',
              ],
            },
            flags: { type: 'array', items: { type: 'string' } },
            currency: { type: 'string' },
            totalMinor: { type: 'integer' },
            paidMinor: { type: 'integer' },
            balanceMinor: { type: 'integer' },
            limitationDate: {
              type: 'string',
              format: 'date',
              description:
                'Last day to bring the claim to court: due date + 5 years (business, L110-4 C. com.) or + 2 years (consumer, L218-2 C. conso.).',
            },
            schedule: {
              type: 'array',
              items: {
                type: 'object',
                properties: {
                  step: { type: 'string' },
                  at: { type: 'string', format: 'date-time' },
                  state: { enum: ['planned', 'sent', 'skipped', 'cancelled'] },
                  reason: {
                    type: 'string',
                    description:
                      'skipped: registered_late, missed_during_pause, already_sent, undeliverable, send_outcome_unknown; cancelled: paid, paused, invoice_cancelled',
                  },
                  messageId: { type: 'string' },
                  delivery: {
                    type: 'object',
                    description: 'What SES reported for this message (GET only): the proof of delivery.',
                    properties: {
                      state: { enum: ['delivered', 'bounced', 'complained'] },
                      at: { type: 'string', format: 'date-time' },
                    },
                  },
                  deadline: {
                    type: 'string',
                    format: 'date',
                    description: 'formal_notice: the payment deadline it gives (a business day)',
                  },
                },
              },
            },
            registeredLetter: {
              type: 'object',
              description:
                "The formal notice's registered letter, when a postal provider posted it (docs/postal-mail.md).",
              properties: {
                provider: { type: 'string' },
                state: { enum: ['posting', 'sent', 'delivered', 'returned', 'failed'] },
                trackingNumber: { type: 'string' },
                sentAt: { type: 'string', format: 'date-time' },
                deliveredAt: { type: 'string', format: 'date-time' },
                returnedAt: { type: 'string', format: 'date-time' },
                proofAvailable: { type: 'boolean' },
              },
            },
            penaltyTerms: {
              type: 'object',
              description:
                'Late-penalty terms fixed at registration: the invoice rate, else the seller rate then, else statutory (ECB + 10 points per half-year).',
              properties: {
                basis: { enum: ['invoice', 'seller', 'statutory'] },
                annualRatePercent: { type: 'number' },
              },
            },
            undeliverable: {
              type: 'object',
              description:
                'The customer address SES gave up on (hard bounce, complaint, reject): customer messages are skipped until POST /invoices/{invoiceId}/contact fixes it.',
              properties: {
                address: { type: 'string' },
                cause: { enum: ['bounce', 'complaint', 'reject'] },
                at: { type: 'string', format: 'date-time' },
                step: { type: 'string' },
                messageId: { type: 'string' },
              },
            },
            source: {
              enum: ['factur-x', 'json'],
              description: 'Whether the invoice was read from its Factur-X document or given in JSON',
            },
            facturX: {
              type: 'object',
              description: 'Present when read from Factur-X',
              properties: {
                profile: { enum: ['MINIMUM', 'BASIC WL', 'BASIC', 'EN 16931', 'EXTENDED', 'XRECHNUNG'] },
              },
            },
            events: {
              type: 'array',
              items: { type: 'object', properties: { at: { type: 'string' }, type: { type: 'string' } } },
            },
            statement: {
              type: 'object',
              properties: {
                asOf: { type: 'string', format: 'date' },
                daysLate: { type: 'integer' },
                principalMinor: { type: 'integer' },
                penaltyRatePercent: { type: 'number' },
                penaltyRateBasis: { enum: ['contractual', 'statutory', 'none'] },
                penaltiesMinor: { type: 'integer' },
                recoveryIndemnityMinor: { type: 'integer' },
                legalInterestMinor: {
                  type: 'integer',
                  description:
                    'Consumers: legal-rate interest from the day after the formal notice; 0 for business',
                },
                noticeDeadline: { type: 'string', format: 'date' },
                totalDueMinor: { type: 'integer' },
              },
            },
          },
        },
        Problem: problem,
        ...reportSchemas,
      },
    },
    security: keyed,
    paths: {
      '/health': {
        get: { summary: 'Liveness', security: [], responses: { '200': { description: '{"status":"ok"}' } } },
      },
      '/openapi.json': {
        get: { summary: 'This document', security: [], responses: { '200': { description: 'OpenAPI 3.1' } } },
      },
      '/api-keys': {
        post: {
          summary: 'Create a seller key (operator key only); the value is shown in this answer only',
          requestBody: jsonBody('ApiKeyRequest', {
            name: 'Cabinet comptable Martin',
            sellers: ['atelier-dupont'],
            access: 'write',
          }),
          responses: {
            '201': { description: '{keyId, apiKey, name, sellers, access}' },
            ...problems(400, 403),
          },
        },
        get: {
          summary: 'List seller keys, without their values (operator key only)',
          responses: {
            '200': { description: '{items: [{keyId, name, sellers, access}]}' },
            ...problems(403),
          },
        },
      },
      '/api-keys/{keyId}': {
        parameters: [{ name: 'keyId', in: 'path', required: true, schema: { type: 'string' } }],
        delete: {
          summary: 'Revoke a seller key (operator key only)',
          responses: { '204': { description: 'Revoked' }, ...problems(403, 404) },
        },
      },
      '/sellers/{sellerId}': {
        parameters: [{ name: 'sellerId', in: 'path', required: true, schema: { type: 'string' } }],
        put: {
          summary: 'Create (201) or replace (200) a seller profile',
          requestBody: jsonBody('Seller', sellerExample),
          responses: {
            '200': { description: 'Replaced' },
            '201': { description: 'Created' },
            ...problems(400, 403),
          },
        },
        get: {
          summary: 'Read a seller profile',
          responses: { '200': { description: 'The profile' }, ...problems(403, 404) },
        },
      },
      '/sellers/{sellerId}/webhook-secret': {
        parameters: [{ name: 'sellerId', in: 'path', required: true, schema: { type: 'string' } }],
        post: {
          summary:
            "Set a new generic-webhook secret for this seller (shown once; the previous one stays valid until the next call). Events signed with it reach this seller's invoices only.",
          responses: { '201': { description: '{sellerId, secret}' }, ...problems(403, 404) },
        },
      },
      '/invoices': {
        post: {
          summary: 'Register an invoice and start its dunning cadence',
          description:
            'Either every field in JSON (`Invoice`), or a Factur-X PDF with as little as `sellerId` and `pdf` (`FacturXInvoice`): post the PDF, we read the rest.',
          requestBody: {
            required: true,
            content: {
              'application/json': {
                schema: {
                  anyOf: [
                    { $ref: '#/components/schemas/Invoice' },
                    { $ref: '#/components/schemas/FacturXInvoice' },
                  ],
                },
                examples: {
                  json: { summary: 'Every field in JSON', value: invoiceExample },
                  facturX: { summary: 'A Factur-X PDF and nothing else', value: facturXExample },
                },
              },
            },
          },
          responses: {
            '201': invoiceResponse('Registered'),
            '200': invoiceResponse('Already registered with identical content'),
            ...problems(400, 403, 409, 413),
          },
        },
        get: {
          summary: "List a seller's invoices",
          parameters: [
            { name: 'sellerId', in: 'query', required: true, schema: { type: 'string' } },
            { name: 'status', in: 'query', schema: { type: 'string' } },
            { name: 'customerId', in: 'query', schema: { type: 'string' } },
            { name: 'cursor', in: 'query', schema: { type: 'string' } },
            { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 100 } },
          ],
          responses: { '200': { description: '{items, nextCursor?}' }, ...problems(400, 403) },
        },
      },
      '/invoices/batch': {
        post: {
          summary: 'Register up to 100 invoices; one result per item',
          requestBody: {
            required: true,
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  required: ['invoices'],
                  properties: {
                    invoices: {
                      type: 'array',
                      maxItems: 100,
                      items: {
                        anyOf: [
                          { $ref: '#/components/schemas/Invoice' },
                          { $ref: '#/components/schemas/FacturXInvoice' },
                        ],
                      },
                    },
                  },
                },
              },
            },
          },
          responses: {
            '207': { description: '{results: [{index, status, invoiceId?, problem?}]}' },
            ...problems(400, 403, 413),
          },
        },
      },
      '/invoices/{invoiceId}': {
        parameters: [invoiceIdParameter],
        get: {
          summary: 'Invoice view with schedule, events and (with asOf) the statement of amounts',
          parameters: [{ name: 'asOf', in: 'query', schema: { type: 'string', format: 'date' } }],
          responses: { '200': invoiceResponse('The invoice'), ...problems(400, 403, 404) },
        },
      },
      '/invoices/{invoiceId}/evidence': {
        parameters: [invoiceIdParameter],
        get: {
          summary:
            'The evidence bundle (ZIP): manifest with SHA-256 of every file, invoice PDF, messages as sent, letters, statement and dossier PDFs',
          description:
            'Send `Accept: application/zip`. A bundle up to 4 MB is the 200 body; a larger one (or any with `delivery=url`) is stored and answered 303 with a presigned `Location` valid 15 minutes and a JSON body `{url, expiresAt, bytes, sha256}`.',
          parameters: [
            { name: 'delivery', in: 'query', schema: { enum: ['auto', 'inline', 'url'], default: 'auto' } },
          ],
          responses: {
            '200': {
              description: 'The ZIP',
              headers: { 'X-Evidence-Sha256': { schema: { type: 'string' } } },
              content: { 'application/zip': { schema: { type: 'string', format: 'binary' } } },
            },
            '303': {
              description: 'Stored bundle: follow Location (presigned, 15 minutes)',
              headers: { Location: { schema: { type: 'string', format: 'uri' } } },
              content: {
                'application/json': {
                  schema: {
                    type: 'object',
                    required: ['url', 'expiresAt', 'bytes', 'sha256'],
                    properties: {
                      url: { type: 'string', format: 'uri' },
                      expiresAt: { type: 'string', format: 'date-time' },
                      bytes: { type: 'integer' },
                      sha256: { type: 'string' },
                    },
                  },
                },
              },
            },
            ...problems(400, 403, 404),
          },
        },
      },
      '/invoices/{invoiceId}/payments': {
        parameters: [invoiceIdParameter],
        post: {
          summary: 'Record a payment (idempotent by paymentId)',
          requestBody: jsonBody('Payment', {
            paymentId: 'VIR-2026-11-25-001',
            amountMinor: 123456,
            paidAt: '2026-11-25T10:00:00Z',
            method: 'transfer',
          }),
          responses: {
            '201': invoiceResponse('Recorded'),
            '200': invoiceResponse('Already recorded'),
            ...problems(400, 403, 404),
          },
        },
      },
      '/invoices/{invoiceId}/pause': {
        parameters: [invoiceIdParameter],
        post: {
          summary:
            'Pause dunning (dispute, promise to pay, payment plan, insolvency); resumes by itself at `until` (never for insolvency, which emails the seller the claim declaration deadline)',
          requestBody: jsonBody('Pause', { reason: 'promise_to_pay', until: '2026-12-15' }),
          responses: { '200': invoiceResponse('Paused'), ...problems(400, 403, 404, 409) },
        },
      },
      '/invoices/{invoiceId}/resume': {
        parameters: [invoiceIdParameter],
        post: {
          summary: 'Resume dunning now',
          responses: { '200': invoiceResponse('Resumed'), ...problems(403, 404, 409) },
        },
      },
      '/invoices/{invoiceId}/contact': {
        parameters: [invoiceIdParameter],
        post: {
          summary:
            "Replace the customer's email (and optionally cc, name, company, postal address); clears undeliverable and resumes without a burst",
          requestBody: jsonBody('Contact', { email: 'factures@boulangerie-martin.fr' }),
          responses: { '200': invoiceResponse('Updated'), ...problems(400, 403, 404, 409) },
        },
      },
      '/invoices/{invoiceId}/cancel': {
        parameters: [invoiceIdParameter],
        post: {
          summary: 'Cancel for good (credit note, voided invoice)',
          requestBody: jsonBody('Cancel', { reason: 'credit_note' }),
          responses: { '200': invoiceResponse('Cancelled'), ...problems(400, 403, 404, 409) },
        },
      },
      '/webhooks/payments/generic': {
        post: {
          summary: 'Signed payment event (Dunning-Signature: t=<unix>,v1=<hex HMAC-SHA256(secret, t.body)>)',
          security: [],
          parameters: [
            { name: 'Dunning-Signature', in: 'header', required: true, schema: { type: 'string' } },
          ],
          requestBody: jsonBody('GenericPaymentEvent'),
          responses: { '200': { description: 'Acknowledged' }, ...problems(400, 404) },
        },
      },
      '/webhooks/payments/stripe': {
        post: {
          summary: 'Stripe event (Stripe-Signature verified); invoice from metadata.dunning_invoice_id',
          security: [],
          parameters: [
            { name: 'Stripe-Signature', in: 'header', required: true, schema: { type: 'string' } },
          ],
          responses: { '200': { description: 'Acknowledged' }, ...problems(400) },
        },
      },
      ...reportPaths(problems),
    },
  };
}
