import * as z from 'zod';
import type { FacturXProfile } from '../../core/facturx/cii';
import { paymentPlanInputSchema } from '../../core/payment-plan-input';
import {
  cancelSchema,
  contactSchema,
  currency,
  customerSchema,
  genericPaymentEventSchema,
  invoiceSchema,
  isoDate,
  pauseSchema,
  paymentSchema,
  pdfSource,
  sellerId,
  sellerSchema,
} from '../../core/schemas';
import { MESSAGE_STEPS } from '../../core/steps';
import type { InvoiceView } from '../../shared/invoice-view';
import { INVOICE_STATUSES } from '../../shared/store';
import { HANDLED_STRIPE_EVENTS } from '../../webhooks/stripe';
import { apiKeyRequestSchema } from '../api-keys';

/**
 * The named schemas of the OpenAPI document (`#/components/schemas/<name>`). Requests are the very zod
 * schemas that validate them (documented as their input: defaults optional); responses are zod
 * schemas of what the handlers return (documented as their output), checked against the TypeScript
 * types below so that the document cannot silently drift from the code.
 */

/** The store's status list, documented as is (one list: nothing to keep in step). */
export { INVOICE_STATUSES };

export const invoiceStatus = z.enum(INVOICE_STATUSES).meta({
  description:
    'scheduled: waiting for the first step; in_progress: reminders under way; paused; paid; formal_notice_sent; escalated: handed to the finance team; cancelled; payment_plan: installments agreed, installment reminders replace the cadence.',
});

export const problemSchema = z.object({
  type: z.string().meta({ description: 'A URI naming the kind of problem' }),
  title: z.string(),
  status: z.int().min(400).max(599),
  detail: z.string().optional(),
  errors: z
    .array(z.object({ path: z.string(), message: z.string() }))
    .optional()
    .meta({ description: 'One entry per invalid field (dotted path), on 400 answers' }),
});

const instant = z.iso.datetime({ offset: true });

const FACTUR_X_PROFILES = [
  'MINIMUM',
  'BASIC WL',
  'BASIC',
  'EN 16931',
  'EXTENDED',
  'XRECHNUNG',
] as const satisfies readonly FacturXProfile[];

/**
 * A Factur-X registration: the Invoice fields, only `sellerId` and `pdf` required, since the rest is
 * read from the CII XML embedded in the PDF (the JSON may complete it, never contradict it).
 */
export const facturXInvoiceSchema = z
  .strictObject(invoiceSchema.shape)
  .partial()
  .extend({ sellerId, pdf: pdfSource, customer: customerSchema.partial().optional() })
  .meta({
    description:
      'Post the PDF, we read the rest: with a Factur-X / ZUGFeRD / XRechnung PDF (profile BASIC WL or above), `sellerId` and `pdf.contentBase64` are enough. Fields given in JSON complete the document (a MINIMUM profile needs `dueDate` and `customer.email`) and must not contradict it (400 naming each field).',
  });

/** The body of POST /invoices (and each item of a batch): every field in JSON, or a Factur-X PDF. */
export const invoiceRegistrationSchema = z.union([invoiceSchema, facturXInvoiceSchema]);

const scheduleEntry = z.object({
  step: z.enum(MESSAGE_STEPS),
  at: instant,
  state: z.enum(['planned', 'sent', 'skipped', 'cancelled']),
  reason: z.string().optional().meta({
    description:
      'Why a step was skipped (registered_late, missed_during_pause, already_sent, undeliverable, send_outcome_unknown…), cancelled (paid, paused, invoice_cancelled), or, on a planned step, moved to a later business day (customer_already_contacted: the address already got its message that day)',
  }),
  messageId: z.string().optional(),
  consolidated: z.boolean().optional().meta({
    description:
      'true when the step went out in one email with other invoices of the same customer (the same messageId on each)',
  }),
  deadline: isoDate
    .optional()
    .meta({ description: 'formal_notice: the payment deadline it gives (a business day)' }),
});

const statement = z.object({
  asOf: isoDate,
  daysLate: z.int(),
  principalMinor: z.int(),
  penaltyRatePercent: z.number(),
  penaltyRateBasis: z.enum(['contractual', 'statutory', 'none']),
  penaltiesMinor: z.int(),
  recoveryIndemnityMinor: z.int(),
  legalInterestMinor: z.int().meta({
    description: 'Consumers: legal-rate interest from the day after the formal notice; 0 for business',
  }),
  noticeDeadline: isoDate.optional(),
  totalDueMinor: z.int(),
});

export const invoiceViewSchema = z.object({
  invoiceId: z.string().meta({ description: 'Opaque, URL-safe, deterministic from sellerId and number' }),
  sellerId: z.string(),
  number: z.string(),
  status: invoiceStatus,
  flags: z.array(z.string()).meta({ description: 'undeliverable, overpaid, payment_after_cancellation' }),
  currency,
  totalMinor: z.int(),
  paidMinor: z.int(),
  balanceMinor: z.int(),
  issueDate: isoDate,
  dueDate: isoDate,
  customer: customerSchema,
  paymentLink: z.string().optional(),
  purchaseOrder: z.string().optional(),
  registeredAt: instant,
  schedule: z.array(scheduleEntry),
  payments: z.array(
    z.object({
      paymentId: z.string(),
      amountMinor: z.int(),
      paidAt: z.string(),
      method: z.string().optional(),
      source: z.enum(['api', 'webhook_generic', 'webhook_stripe']),
      recordedAt: z.string(),
    }),
  ),
  pause: z
    .object({ reason: z.string(), until: isoDate.optional(), note: z.string().optional(), at: z.string() })
    .optional(),
  cancellation: z.object({ reason: z.string(), note: z.string().optional(), at: z.string() }).optional(),
  penaltyTerms: z
    .object({
      basis: z.enum(['invoice', 'seller', 'statutory']),
      annualRatePercent: z.number().optional(),
    })
    .optional()
    .meta({
      description:
        'Late-penalty terms fixed at registration: the invoice rate, else the seller rate then, else statutory (ECB + 10 points per half-year).',
    }),
  events: z
    .array(z.looseObject({ at: z.string(), type: z.string() }))
    .optional()
    .meta({ description: 'The invoice history (GET /invoices/{invoiceId} only)' }),
  undeliverable: z
    .object({
      address: z.string(),
      cause: z.enum(['bounce', 'complaint', 'reject']),
      at: z.string(),
      step: z.string().optional(),
      messageId: z.string(),
    })
    .optional()
    .meta({
      description:
        'The customer address SES gave up on (hard bounce, complaint, reject): customer messages are skipped until POST /invoices/{invoiceId}/contact fixes it.',
    }),
  source: z
    .enum(['factur-x', 'json'])
    .meta({ description: 'Whether the invoice was read from its Factur-X document or given in JSON' }),
  facturX: z
    .object({ profile: z.enum(FACTUR_X_PROFILES) })
    .optional()
    .meta({ description: 'Present when read from Factur-X' }),
  statement: statement.optional().meta({ description: 'Amounts due as of `asOf` (only with ?asOf=)' }),
  plan: z
    .object({
      state: z.enum(['active', 'broken', 'completed']),
      agreedAt: z.string(),
      note: z.string().optional(),
      installments: z.array(
        z.object({
          dueDate: isoDate,
          amountMinor: z.int(),
          paidMinor: z.int().meta({ description: 'Covered by payments since the plan, applied in order' }),
          state: z.enum(['due', 'paid', 'late']),
        }),
      ),
      reminders: z.array(
        z.object({
          key: z.string(),
          state: z.string(),
          at: z.string(),
          reason: z.string().optional().meta({
            description:
              'On a planned reminder: moved to a later business day (customer_already_contacted: the address already got its message that day)',
          }),
        }),
      ),
    })
    .optional()
    .meta({ description: 'The payment plan agreed with the customer, if any' }),
});
// The schema must accept every view the code builds (compile-time check).
const viewConforms = (view: InvoiceView): z.input<typeof invoiceViewSchema> => view;
void viewConforms;

export const invoicePageSchema = z.object({
  items: z.array(invoiceViewSchema),
  nextCursor: z.string().optional().meta({
    description:
      'Present only when more items follow: pass it as `cursor` with the same filters to get the next page. Opaque and signed; absent on the last page.',
  }),
});

export const batchResultsSchema = z.object({
  results: z.array(
    z.object({
      index: z.int().min(0).meta({ description: 'Position of the invoice in the request' }),
      status: z.int().meta({ description: 'The status POST /invoices would have answered' }),
      invoiceId: z.string().optional(),
      invoice: invoiceViewSchema.optional(),
      problem: problemSchema.omit({ type: true }).optional(),
    }),
  ),
});

export const sellerProfileSchema = z.object({ sellerId: z.string(), ...sellerSchema.shape });

export const invoiceBatchSchema = z.strictObject({
  invoices: z.array(invoiceRegistrationSchema).min(1).max(100),
});

export const stripeEventSchema = z.looseObject({
  id: z.string(),
  type: z.string().meta({
    description: `Handled: ${HANDLED_STRIPE_EVENTS.join(', ')} (others are acknowledged and ignored)`,
  }),
  data: z.looseObject({ object: z.looseObject({}) }),
});

export const webhookAckSchema = z.object({
  received: z.literal(true),
  duplicate: z.boolean().optional().meta({ description: 'The event or payment was already recorded' }),
  status: invoiceStatus.optional(),
  ignored: z.string().optional().meta({ description: 'Why the event changed nothing' }),
});

export const healthSchema = z.object({ status: z.literal('ok') });

export const openApiObjectSchema = z.looseObject({ openapi: z.string() }).meta({
  description: 'An OpenAPI 3.1 document',
});

/** Request components (documented as input) and response components (documented as output). */
export const REQUEST_COMPONENTS = {
  Seller: sellerSchema,
  Invoice: invoiceSchema,
  FacturXInvoice: facturXInvoiceSchema,
  InvoiceRegistration: invoiceRegistrationSchema,
  InvoiceBatch: invoiceBatchSchema,
  Payment: paymentSchema,
  Pause: pauseSchema,
  PaymentPlan: paymentPlanInputSchema,
  Cancel: cancelSchema,
  Contact: contactSchema,
  GenericPaymentEvent: genericPaymentEventSchema,
  StripeEvent: stripeEventSchema,
  ApiKeyRequest: apiKeyRequestSchema,
} as const;

export const RESPONSE_COMPONENTS = {
  SellerProfile: sellerProfileSchema,
  InvoiceView: invoiceViewSchema,
  InvoicePage: invoicePageSchema,
  BatchResults: batchResultsSchema,
  WebhookAck: webhookAckSchema,
  Health: healthSchema,
  Problem: problemSchema,
} as const;

export type ComponentName = keyof typeof REQUEST_COMPONENTS | keyof typeof RESPONSE_COMPONENTS;

export function componentSchema(name: ComponentName): z.ZodType {
  return name in REQUEST_COMPONENTS
    ? REQUEST_COMPONENTS[name as keyof typeof REQUEST_COMPONENTS]
    : RESPONSE_COMPONENTS[name as keyof typeof RESPONSE_COMPONENTS];
}
