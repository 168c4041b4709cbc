import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROUTE_SCOPES, type RouteScope } from '../../functions/api/access';
import { invoiceIdFor } from '../../functions/core/ids';
import type { InvoiceInput } from '../../functions/core/schemas';
import { API_ROUTES } from '../../lib/api';
import { invoiceFa0012 } from '../fixtures/invoices';
import { atelierDupont } from '../fixtures/sellers';
import { type Harness, type HttpResult, startHarness } from './harness';

/**
 * Tenants end to end (docs/security.md): the operator key, seller keys scoped to sellers (write or
 * read), over EVERY route of the API function. A route added to the API without a request sample
 * here (and a scope in ROUTE_SCOPES) fails this file.
 */

const SELLER_A = 'atelier-dupont';
const SELLER_B = 'atelier-bernard';

const invoiceFor = (sellerId: string, number: string): InvoiceInput => ({
  ...invoiceFa0012,
  sellerId,
  number,
  customer: { ...invoiceFa0012.customer, id: `C-${number}`, email: `${number.toLowerCase()}@client.example` },
});

interface Sample {
  readonly method: string;
  readonly path: string;
  readonly body?: unknown;
}

type CallerName = 'operator' | 'sellerA' | 'sellerB' | 'readerA';
type Outcome = 'allowed' | 'not_found' | 'forbidden';

/** What each caller must get on a resource of seller A. */
function expectedOutcome(scope: RouteScope, caller: CallerName, method: string): Outcome {
  if (scope === 'public' || caller === 'operator') return 'allowed';
  if (scope === 'operator') return 'forbidden';
  if (caller === 'sellerB') return 'not_found';
  if (caller === 'readerA' && method !== 'GET') return 'forbidden';
  return 'allowed';
}

/** The status that says what happened (a batch answers 207 with one status per item). */
function effectiveStatus(result: HttpResult): number {
  if (result.status === 207) return result.json<{ results: { status: number }[] }>().results[0]?.status ?? 0;
  return result.status;
}

describe('tenants: the operator key and seller keys', () => {
  let api: Harness;
  const keys: Record<CallerName, string> = { operator: '', sellerA: '', sellerB: '', readerA: '' };
  const invoiceA = invoiceIdFor(SELLER_A, 'T-A-1');
  let counter = 0;
  const next = () => {
    counter += 1;
    return counter;
  };

  const createKey = async (name: string, sellers: string[], access: 'read' | 'write') => {
    const result = await api.post('/api-keys', { name, sellers, access });
    expect(result.status).toBe(201);
    return result.json<{ keyId: string; apiKey: string; name: string; sellers: string[]; access: string }>();
  };

  /** One request per route of the API function, on seller A's resources. */
  const samples: Record<string, () => Promise<Sample>> = {
    'GET /health': async () => ({ method: 'GET', path: '/health' }),
    'GET /openapi.json': async () => ({ method: 'GET', path: '/openapi.json' }),
    'GET /docs': async () => ({ method: 'GET', path: '/docs' }),
    'GET /docs/{file}': async () => ({ method: 'GET', path: '/docs/reference.js' }),
    'POST /api-keys': async () => ({
      method: 'POST',
      path: '/api-keys',
      body: { name: 'extra', sellers: [SELLER_A], access: 'read' },
    }),
    'GET /api-keys': async () => ({ method: 'GET', path: '/api-keys' }),
    'DELETE /api-keys/{keyId}': async () => ({
      method: 'DELETE',
      path: `/api-keys/${(await createKey('to revoke', [SELLER_A], 'read')).keyId}`,
    }),
    'PUT /sellers/{sellerId}': async () => ({
      method: 'PUT',
      path: `/sellers/${SELLER_A}`,
      body: atelierDupont,
    }),
    'GET /sellers/{sellerId}': async () => ({ method: 'GET', path: `/sellers/${SELLER_A}` }),
    'POST /sellers/{sellerId}/webhook-secret': async () => ({
      method: 'POST',
      path: `/sellers/${SELLER_A}/webhook-secret`,
    }),
    'POST /invoices': async () => ({
      method: 'POST',
      path: '/invoices',
      body: invoiceFor(SELLER_A, `T-A-NEW-${next()}`),
    }),
    'POST /invoices/batch': async () => ({
      method: 'POST',
      path: '/invoices/batch',
      body: { invoices: [invoiceFor(SELLER_A, `T-A-BATCH-${next()}`)] },
    }),
    'POST /uploads': async () => ({
      method: 'POST',
      path: '/uploads',
      body: { sellerId: SELLER_A, contentType: 'application/pdf', contentLength: 5_000_000 },
    }),
    'GET /invoices': async () => ({ method: 'GET', path: `/invoices?sellerId=${SELLER_A}` }),
    'GET /invoices/{invoiceId}': async () => ({ method: 'GET', path: `/invoices/${invoiceA}` }),
    'GET /invoices/{invoiceId}/evidence': async () => ({
      method: 'GET',
      path: `/invoices/${invoiceA}/evidence`,
    }),
    'POST /invoices/{invoiceId}/payments': async () => ({
      method: 'POST',
      path: `/invoices/${invoiceA}/payments`,
      body: { paymentId: `P-${next()}`, amountMinor: 100 },
    }),
    'POST /invoices/{invoiceId}/pause': async () => ({
      method: 'POST',
      path: `/invoices/${invoiceA}/pause`,
      body: { reason: 'other' },
    }),
    'POST /invoices/{invoiceId}/payment-plan': async () => ({
      method: 'POST',
      path: `/invoices/${invoiceA}/payment-plan`,
      // Sums to less than the balance: a 400 for callers in scope, who get past the scope check.
      body: {
        installments: [
          { dueDate: '2027-06-15', amountMinor: 100 },
          { dueDate: '2027-07-15', amountMinor: 100 },
        ],
      },
    }),
    'POST /invoices/{invoiceId}/resume': async () => ({
      method: 'POST',
      path: `/invoices/${invoiceA}/resume`,
    }),
    'POST /invoices/{invoiceId}/cancel': async () => ({
      method: 'POST',
      path: `/invoices/${invoiceA}/cancel`,
      body: { reason: 'other' },
    }),
    'POST /invoices/{invoiceId}/contact': async () => ({
      method: 'POST',
      path: `/invoices/${invoiceA}/contact`,
      body: { email: `new-${next()}@client.example` },
    }),
    'GET /reports/summary': async () => ({
      method: 'GET',
      path: `/reports/summary?sellerId=${SELLER_A}&from=2026-11-01&to=2026-11-30`,
    }),
    'GET /reports/aging': async () => ({ method: 'GET', path: `/reports/aging?sellerId=${SELLER_A}` }),
  };
  // Every keyed route, whichever function serves it, and the API function's public ones.
  const apiRoutes = API_ROUTES.filter((route) => route.target === 'api' || route.apiKeyRequired).map(
    (route) => `${route.method} ${route.path}`,
  );

  beforeAll(async () => {
    api = await startHarness({ now: '2026-11-02T10:00:00.000Z' });
    keys.operator = api.apiKey;
    for (const sellerId of [SELLER_A, SELLER_B])
      expect((await api.put(`/sellers/${sellerId}`, atelierDupont)).status).toBe(201);
    expect((await api.post('/invoices', invoiceFor(SELLER_A, 'T-A-1'))).status).toBe(201);
    expect((await api.post('/invoices', invoiceFor(SELLER_B, 'T-B-1'))).status).toBe(201);
    keys.sellerA = (await createKey('Cabinet A', [SELLER_A], 'write')).apiKey;
    keys.sellerB = (await createKey('Cabinet B', [SELLER_B], 'write')).apiKey;
    keys.readerA = (await createKey('Auditeur A', [SELLER_A], 'read')).apiKey;
  }, 120_000);

  afterAll(async () => {
    await api?.stop();
  });

  it('should declare a scope and have a request sample for every route of the API function', () => {
    expect(Object.keys(ROUTE_SCOPES).sort()).toEqual([...apiRoutes].sort());
    expect(Object.keys(samples).sort()).toEqual([...apiRoutes].sort());
  });

  it('should refuse every route out of scope, and change nothing', async () => {
    const before = (await api.get(`/invoices/${invoiceA}`)).json<Record<string, unknown>>();
    for (const caller of ['sellerB', 'readerA'] as const) {
      for (const route of apiRoutes) {
        const sample = await (samples[route] as () => Promise<Sample>)();
        const outcome = expectedOutcome(ROUTE_SCOPES[route] as RouteScope, caller, sample.method);
        if (outcome === 'allowed') continue;
        const result = await api.request(sample.method, sample.path, {
          body: sample.body,
          apiKey: keys[caller],
        });
        expect({ route, caller, status: effectiveStatus(result) }).toEqual({
          route,
          caller,
          status: outcome === 'not_found' ? 404 : 403,
        });
      }
    }
    const after = (await api.get(`/invoices/${invoiceA}`)).json<Record<string, unknown>>();
    expect(after).toEqual(before);
    const listed = (await api.get(`/invoices?sellerId=${SELLER_A}`)).json<{ items: unknown[] }>();
    expect(listed.items).toHaveLength(1);
  });

  it('should let each caller use every route in its scope', async () => {
    for (const caller of ['readerA', 'sellerA', 'operator'] as const) {
      for (const route of apiRoutes) {
        const sample = await (samples[route] as () => Promise<Sample>)();
        if (expectedOutcome(ROUTE_SCOPES[route] as RouteScope, caller, sample.method) !== 'allowed') continue;
        const result = await api.request(sample.method, sample.path, {
          body: sample.body,
          apiKey: keys[caller],
        });
        const status = effectiveStatus(result);
        expect({ route, caller, denied: [401, 403, 404].includes(status) || status >= 500 }).toEqual({
          route,
          caller,
          denied: false,
        });
      }
    }
  });

  it('should answer 404 for another tenant invoice, list only its own sellers, and never create a seller', async () => {
    const invoiceB = invoiceIdFor(SELLER_B, 'T-B-1');
    expect((await api.get(`/invoices/${invoiceB}`, { apiKey: keys.sellerA })).status).toBe(404);
    expect((await api.get(`/invoices?sellerId=${SELLER_B}`, { apiKey: keys.sellerA })).status).toBe(404);
    expect((await api.get(`/invoices?sellerId=${SELLER_B}`, { apiKey: keys.sellerB })).status).toBe(200);
    const created = await api.put('/sellers/nouvelle-societe', atelierDupont, { apiKey: keys.sellerA });
    expect(created.status).toBe(404);
    const scoped = await createKey('Scope before seller', ['pas-encore-creee'], 'write');
    const early = await api.put('/sellers/pas-encore-creee', atelierDupont, { apiKey: scoped.apiKey });
    expect(early.status).toBe(403);
    expect((await api.get('/sellers/pas-encore-creee')).status).toBe(404);
  });

  it('should show a key value once, list keys without values, and revoke at the gateway', async () => {
    const created = await createKey('Temporaire', [SELLER_A], 'read');
    expect(created).toMatchObject({ name: 'Temporaire', sellers: [SELLER_A], access: 'read' });
    expect(created.apiKey.length).toBeGreaterThanOrEqual(20);
    const listed = await api.get('/api-keys');
    expect(listed.text).not.toContain(created.apiKey);
    expect(listed.json<{ items: { keyId: string }[] }>().items.map((k) => k.keyId)).toContain(created.keyId);
    expect((await api.get(`/invoices/${invoiceA}`, { apiKey: created.apiKey })).status).toBe(200);
    expect((await api.request('DELETE', `/api-keys/${created.keyId}`)).status).toBe(204);
    expect((await api.get(`/invoices/${invoiceA}`, { apiKey: created.apiKey })).status).toBe(403);
    expect((await api.request('DELETE', `/api-keys/${created.keyId}`)).status).toBe(404);
  });

  it("should let a seller's own webhook secret pay that seller's invoices only", async () => {
    const { secret } = (
      await api.post(`/sellers/${SELLER_B}/webhook-secret`, undefined, { apiKey: keys.sellerB })
    ).json<{
      secret: string;
    }>();
    const deliver = (invoiceId: string, eventId: string) => {
      const body = JSON.stringify({
        eventId,
        type: 'payment.succeeded',
        invoiceId,
        paymentId: `pay-${eventId}`,
        amountMinor: 500,
        currency: 'EUR',
        paidAt: '2026-11-02T10:00:00.000Z',
      });
      return api.post('/webhooks/payments/generic', body, {
        apiKey: null,
        headers: {
          'content-type': 'application/json',
          'Dunning-Signature': api.signWebhook(body, { secret }),
        },
      });
    };
    const invoiceB = invoiceIdFor(SELLER_B, 'T-B-1');
    expect((await deliver(invoiceB, 'evt-b-1')).status).toBe(200);
    expect((await api.get(`/invoices/${invoiceB}`)).json<{ paidMinor: number }>().paidMinor).toBe(500);
    const before = (await api.get(`/invoices/${invoiceA}`)).json<{ paidMinor: number }>().paidMinor;
    const stolen = await deliver(invoiceA, 'evt-b-2');
    expect(stolen.status).toBe(400);
    expect((await api.get(`/invoices/${invoiceA}`)).json<{ paidMinor: number }>().paidMinor).toBe(before);
    expect(
      (await api.post(`/sellers/${SELLER_B}/webhook-secret`, undefined, { apiKey: keys.sellerA })).status,
    ).toBe(404);
  });

  it('should reject a key request with unknown fields or no sellers', async () => {
    expect((await api.post('/api-keys', { name: 'x', sellers: [], access: 'read' })).status).toBe(400);
    expect((await api.post('/api-keys', { name: 'x', sellers: [SELLER_A], access: 'admin' })).status).toBe(
      400,
    );
    expect(
      (await api.post('/api-keys', { name: 'x', sellers: [SELLER_A], access: 'read', admin: true })).status,
    ).toBe(400);
  });
});
