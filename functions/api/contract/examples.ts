import { invoiceIdFor } from '../../core/ids';
import { customerSchema, sellerSchema } from '../../core/schemas';

/**
 * Examples of the OpenAPI document. A unit test parses each one with the schema it illustrates, and
 * both OpenAPI linters validate them against the generated JSON Schemas.
 */

/** The sample seller of the README, the demo and the tests. */
export const exampleSellerId = 'atelier-dupont';

export const sellerExample = {
  legalName: 'Atelier Dupont SAS',
  address: { line1: '12 rue des Lilas', postalCode: '69003', city: 'Lyon', country: 'FR' },
  registration: { siren: '732829320', rcs: 'RCS Lyon 732 829 320', vatNumber: 'FR44732829320' },
  contact: { email: 'compta@atelier-dupont.fr', phone: '+33 4 72 00 00 00' },
  sender: {
    fromEmail: 'relances@atelier-dupont.fr',
    fromName: 'Atelier Dupont',
    replyTo: 'compta@atelier-dupont.fr',
  },
  bank: { iban: 'FR7630006000011234567890189', bic: 'AGRIFRPP' },
  latePenalty: { annualRatePercent: 12.15 },
};

export const sellerProfileExample = { sellerId: exampleSellerId, ...sellerSchema.parse(sellerExample) };

const customerExample = {
  id: 'C-042',
  name: 'Marie Martin',
  companyName: 'Boulangerie Martin SARL',
  type: 'business',
  email: 'marie@boulangerie-martin.fr',
  locale: 'fr',
  payerProfile: 'standard',
} as const;

export const invoiceExample = {
  sellerId: exampleSellerId,
  number: 'FA-2026-0012',
  issueDate: '2026-10-21',
  dueDate: '2026-11-20',
  currency: 'EUR',
  totalMinor: 123456,
  customer: customerExample,
  // The first bytes of a PDF; a real request carries the whole file (at most 4 MB, else POST /uploads).
  pdf: { contentBase64: 'JVBERi0xLjcKJcOkw7zDtsOfCg==' },
  paymentLink: 'https://pay.example.com/i/FA-2026-0012',
};

export const invoiceByUploadExample = {
  ...invoiceExample,
  pdf: { s3Key: 'uploads/atelier-dupont/0f3c2a9e-5b1d-4c7e-9a60-2f8d1e4b7c55.pdf' },
};

const invoiceId = invoiceIdFor(invoiceExample.sellerId, invoiceExample.number);

export const invoiceViewExample = {
  invoiceId,
  sellerId: invoiceExample.sellerId,
  number: invoiceExample.number,
  status: 'scheduled',
  flags: [],
  currency: 'EUR',
  totalMinor: 123456,
  paidMinor: 0,
  balanceMinor: 123456,
  issueDate: invoiceExample.issueDate,
  dueDate: invoiceExample.dueDate,
  customer: customerSchema.parse(customerExample),
  paymentLink: invoiceExample.paymentLink,
  registeredAt: '2026-11-02T10:00:00.000Z',
  source: 'json',
  schedule: [
    { step: 'courtesy_reminder', at: '2026-11-12T08:00:00.000Z', state: 'planned' },
    { step: 'first_reminder', at: '2026-11-30T08:00:00.000Z', state: 'planned' },
    { step: 'second_reminder', at: '2026-12-07T08:00:00.000Z', state: 'planned' },
    { step: 'formal_notice', at: '2026-12-21T08:00:00.000Z', state: 'planned' },
    { step: 'escalation', at: '2026-12-30T08:00:00.000Z', state: 'planned' },
  ],
  payments: [],
};

export const invoiceViewWithStatementExample = {
  ...invoiceViewExample,
  events: [{ at: '2026-11-02T10:00:00.000Z', type: 'invoice_registered' }],
  statement: {
    asOf: '2026-12-20',
    daysLate: 30,
    principalMinor: 123456,
    penaltyRatePercent: 12.15,
    penaltyRateBasis: 'contractual',
    penaltiesMinor: 1233,
    recoveryIndemnityMinor: 4000,
    legalInterestMinor: 0,
    totalDueMinor: 128689,
  },
};

export const paidInvoiceViewExample = {
  ...invoiceViewExample,
  status: 'paid',
  paidMinor: 123456,
  balanceMinor: 0,
  schedule: invoiceViewExample.schedule.map((entry) =>
    entry.step === 'courtesy_reminder'
      ? { ...entry, state: 'sent', messageId: '0102019a-example-message-id' }
      : { ...entry, state: 'cancelled', reason: 'paid' },
  ),
  payments: [
    {
      paymentId: 'VIR-2026-11-25-001',
      amountMinor: 123456,
      paidAt: '2026-11-25T10:00:00Z',
      method: 'transfer',
      source: 'api',
      recordedAt: '2026-11-25T10:00:05.000Z',
    },
  ],
};

export const pausedInvoiceViewExample = {
  ...invoiceViewExample,
  status: 'paused',
  pause: { reason: 'promise_to_pay', until: '2026-12-15', at: '2026-11-25T10:00:00.000Z' },
};

export const cancelledInvoiceViewExample = {
  ...invoiceViewExample,
  status: 'cancelled',
  schedule: invoiceViewExample.schedule.map((entry) => ({
    ...entry,
    state: 'cancelled',
    reason: 'cancelled',
  })),
  cancellation: { reason: 'credit_note', at: '2026-11-25T10:00:00.000Z' },
};

export const paymentExample = {
  paymentId: 'VIR-2026-11-25-001',
  amountMinor: 123456,
  paidAt: '2026-11-25T10:00:00Z',
  method: 'transfer',
};

export const genericPaymentEventExample = {
  eventId: 'evt-2026-11-25-0001',
  type: 'payment.succeeded',
  invoiceId,
  paymentId: 'VIR-2026-11-25-001',
  amountMinor: 123456,
  currency: 'EUR',
  paidAt: '2026-11-25T10:00:00Z',
};

export const stripeEventExample = {
  id: 'evt_3QxExample',
  type: 'payment_intent.succeeded',
  created: 1795600800,
  data: {
    object: {
      id: 'pi_3QxExample',
      amount_received: 123456,
      currency: 'eur',
      metadata: { dunning_invoice_id: invoiceId },
    },
  },
};

export const webhookAckExample = { received: true, duplicate: false, status: 'paid' };

export const PROBLEM_TITLES: Readonly<Record<number, { title: string; detail: string; type: string }>> = {
  400: {
    type: 'invalid-request',
    title: 'Invalid request',
    detail: 'The request does not match the schema.',
  },
  401: { type: 'unauthorized', title: 'Unauthorized', detail: 'Authentication is required.' },
  403: { type: 'forbidden', title: 'Forbidden', detail: 'Missing or invalid x-api-key.' },
  404: { type: 'not-found', title: 'Not found', detail: 'No such resource.' },
  409: {
    type: 'conflict',
    title: 'Conflict',
    detail: 'Invoice FA-2026-0012 of seller atelier-dupont is already registered with different content.',
  },
  413: { type: 'payload-too-large', title: 'Content Too Large', detail: 'The request body is too large.' },
  415: { type: 'unsupported-media-type', title: 'Unsupported media type', detail: 'Send JSON.' },
  422: {
    type: 'unprocessable',
    title: 'Idempotency key reused',
    detail: 'This Idempotency-Key was used with a different request.',
  },
  429: { type: 'throttled', title: 'Too Many Requests', detail: 'Slow down and retry later.' },
};

export function problemExample(status: number): Record<string, unknown> {
  const known = PROBLEM_TITLES[status] ?? { type: 'error', title: 'Error', detail: 'Error.' };
  return {
    type: `https://relance.dev/problems/${known.type}`,
    title: known.title,
    status,
    detail: known.detail,
    ...(status === 400 ? { errors: [{ path: 'dueDate', message: 'must be a date YYYY-MM-DD' }] } : {}),
  };
}
