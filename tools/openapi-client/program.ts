/**
 * A small integrator's program against a client generated from docs/openapi.json by openapi-typescript
 * and called through openapi-fetch. It is never run: test/unit/openapi-client.test.ts generates the
 * types and type-checks this file, so a route whose answers have no schema (data typed `never`) or
 * whose parameters changed fails the build. It calls every operation of the document.
 */
import createClient from 'openapi-fetch';
import type { components, paths } from './generated/schema';

type InvoiceView = components['schemas']['InvoiceView'];

/** Compiles only when `value`'s type is a real schema, not `never` (a response without a schema). */
function hasSchema<T>(_value: T, ..._proof: [NonNullable<T>] extends [never] ? ['no schema'] : []): void {}

export async function walkthrough(baseUrl: string, apiKey: string): Promise<InvoiceView[]> {
  const client = createClient<paths>({ baseUrl, headers: { 'x-api-key': apiKey } });

  const health = await client.GET('/health');
  hasSchema(health.data);
  const document = await client.GET('/openapi.json');
  hasSchema(document.data);
  const reference = await client.GET('/docs', { parseAs: 'text' });
  const referenceHtml: string | undefined = reference.data;
  const referenceCss = await client.GET('/docs/{file}', {
    params: { path: { file: 'swagger-ui.css' } },
    parseAs: 'text',
  });
  const css: string | undefined = referenceCss.data;

  const key = await client.POST('/api-keys', {
    body: { name: 'Cabinet comptable Martin', sellers: ['atelier-dupont'], access: 'read' },
  });
  const keyValue: string | undefined = key.data?.apiKey;
  const keys = await client.GET('/api-keys');
  hasSchema(keys.data);
  if (key.data) await client.DELETE('/api-keys/{keyId}', { params: { path: { keyId: key.data.keyId } } });

  const seller = await client.PUT('/sellers/{sellerId}', {
    params: { path: { sellerId: 'atelier-dupont' } },
    body: {
      legalName: 'Atelier Dupont SAS',
      address: { line1: '12 rue des Lilas', postalCode: '69003', city: 'Lyon', country: 'FR' },
      registration: { siren: '732829320' },
      contact: { email: 'compta@atelier-dupont.fr' },
      sender: {
        fromEmail: 'relances@atelier-dupont.fr',
        fromName: 'Atelier Dupont',
        replyTo: 'compta@atelier-dupont.fr',
      },
      bank: { iban: 'FR7630006000011234567890189', bic: 'AGRIFRPP' },
      latePenalty: { annualRatePercent: 12.15 },
    },
  });
  hasSchema(seller.data);
  hasSchema(seller.error);
  const profile = await client.GET('/sellers/{sellerId}', {
    params: { path: { sellerId: 'atelier-dupont' } },
  });
  const hour: number | undefined = profile.data?.sendWindow.hour;
  const secret = await client.POST('/sellers/{sellerId}/webhook-secret', {
    params: { path: { sellerId: 'atelier-dupont' } },
  });
  hasSchema(secret.data);

  const invoice = {
    sellerId: 'atelier-dupont',
    number: 'FA-2026-0012',
    issueDate: '2026-10-21',
    dueDate: '2026-11-20',
    currency: 'EUR',
    totalMinor: 123456,
    customer: { id: 'C-042', name: 'Marie Martin', type: 'business', email: 'marie@example.fr' },
    pdf: { contentBase64: 'JVBERi0xLjcK' },
  } as const;
  const registered = await client.POST('/invoices', {
    params: { header: { 'Idempotency-Key': 'register-FA-2026-0012' } },
    body: invoice,
  });
  if (registered.error) {
    const problem: components['schemas']['Problem'] = registered.error;
    throw new Error(`${problem.status} ${problem.title}: ${problem.errors?.map((e) => e.path).join(', ')}`);
  }
  const invoiceId = registered.data.invoiceId;
  const status: InvoiceView['status'] = registered.data.status;

  const batch = await client.POST('/invoices/batch', { body: { invoices: [invoice] } });
  hasSchema(batch.data);
  const batchStatuses = batch.data?.results.map((result) => result.status) ?? [];

  const views: InvoiceView[] = [];
  let cursor: string | undefined;
  do {
    const page = await client.GET('/invoices', {
      params: { query: { sellerId: 'atelier-dupont', status: 'scheduled', limit: 50, cursor } },
    });
    if (!page.data) break;
    views.push(...page.data.items);
    cursor = page.data.nextCursor;
  } while (cursor);

  const path = { invoiceId };
  const view = await client.GET('/invoices/{invoiceId}', { params: { path, query: { asOf: '2026-12-20' } } });
  const totalDue: number | undefined = view.data?.statement?.totalDueMinor;
  // The evidence ZIP (binary): read as a Blob; `delivery: 'url'` answers 303 with a presigned URL.
  const evidence = await client.GET('/invoices/{invoiceId}/evidence', {
    params: { path, query: { delivery: 'auto' } },
    headers: { accept: 'application/zip' },
    parseAs: 'blob',
  });
  hasSchema(evidence.data);
  const payment = await client.POST('/invoices/{invoiceId}/payments', {
    params: { path },
    body: { paymentId: 'VIR-1', amountMinor: 1000 },
  });
  hasSchema(payment.data);
  const paused = await client.POST('/invoices/{invoiceId}/pause', {
    params: { path },
    body: { reason: 'promise_to_pay', until: '2026-12-15' },
  });
  hasSchema(paused.data);
  const planned = await client.POST('/invoices/{invoiceId}/payment-plan', {
    params: { path },
    body: {
      installments: [
        { dueDate: '2026-12-15', amountMinor: 61728 },
        { dueDate: '2027-01-15', amountMinor: 61728 },
      ],
    },
  });
  hasSchema(planned.data);
  const resumed = await client.POST('/invoices/{invoiceId}/resume', { params: { path }, body: {} });
  hasSchema(resumed.data);
  const contact = await client.POST('/invoices/{invoiceId}/contact', {
    params: { path },
    body: { email: 'factures@boulangerie-martin.fr' },
  });
  hasSchema(contact.data);
  const cancelled = await client.POST('/invoices/{invoiceId}/cancel', {
    params: { path },
    body: { reason: 'credit_note' },
  });
  hasSchema(cancelled.data);

  const summary = await client.GET('/reports/summary', {
    params: { query: { sellerId: 'atelier-dupont', from: '2026-10-01', to: '2026-12-31' } },
  });
  const recovered: number | undefined = summary.data?.recoveredMinor;
  const aging = await client.GET('/reports/aging', { params: { query: { sellerId: 'atelier-dupont' } } });
  hasSchema(aging.data);

  const generic = await client.POST('/webhooks/payments/generic', {
    params: { header: { 'Dunning-Signature': 't=1795600800,v1=00' } },
    body: {
      eventId: 'evt-1',
      type: 'payment.succeeded',
      invoiceId,
      paymentId: 'VIR-2',
      amountMinor: 122456,
      currency: 'EUR',
      paidAt: '2026-11-25T10:00:00Z',
    },
  });
  hasSchema(generic.data);
  const stripe = await client.POST('/webhooks/payments/stripe', {
    params: { header: { 'Stripe-Signature': 't=1795600800,v1=00' } },
    body: { id: 'evt_1', type: 'invoice.paid', data: { object: { id: 'in_1' } } },
  });
  hasSchema(stripe.data);

  // The customer's side: the reply page answers HTML, its form is URL-encoded.
  const token = 'AQFrXEcAUTJoWmJXSjRiMHRSZDFKa1ozWTRhQagqX9fmWK7hc1lo9l8-BXc';
  const replyPage = await client.GET('/r/{token}', { params: { path: { token } }, parseAs: 'text' });
  const pageHtml: string | undefined = replyPage.data;
  const answered = await client.POST('/r/{token}', {
    params: { path: { token } },
    body: { action: 'promise', promisedOn: '2026-12-15' },
    bodySerializer: (body) =>
      new URLSearchParams(Object.entries(body).map(([k, v]) => [k, String(v)])).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    parseAs: 'text',
  });
  const answerHtml: string | undefined = answered.data;

  // A PDF over 4 MB: upload it, then reference it.
  const upload = await client.POST('/uploads', {
    body: { sellerId: 'atelier-dupont', contentType: 'application/pdf', contentLength: 6_291_456 },
  });
  const s3Key: string | undefined = upload.data?.s3Key;
  if (upload.data) {
    await fetch(upload.data.uploadUrl, { method: upload.data.method, headers: upload.data.headers });
  }

  void [
    referenceHtml,
    css,
    s3Key,
    keyValue,
    pageHtml,
    answerHtml,
    recovered,
    hour,
    status,
    batchStatuses,
    totalDue,
  ];
  return views;
}
