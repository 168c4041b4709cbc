import type { APIGatewayProxyEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { authorize, ROUTE_SCOPES, resolveCaller } from '../../functions/api/access';
import { createRouter, type RouteDeps } from '../../functions/api/routes';
import { invoiceIdFor } from '../../functions/core/ids';
import { HttpError } from '../../functions/shared/http';
import type { ApiKeyRecord, Store } from '../../functions/shared/store';
import { API_ROUTES } from '../../lib/api';

const invoiceOfA = invoiceIdFor('seller-a', 'F-1');

/** Just what the scope check reads: key scopes and invoices' sellers. */
const store = {
  getApiKey: async (keyId: string): Promise<ApiKeyRecord | undefined> =>
    ({
      'key-a': { keyId, name: 'A', sellers: ['seller-a'], access: 'write', createdAt: '' },
      'key-read': { keyId, name: 'R', sellers: ['seller-a'], access: 'read', createdAt: '' },
    })[keyId] as ApiKeyRecord | undefined,
  getInvoice: async (invoiceId: string) =>
    invoiceId === invoiceOfA ? { invoiceId, sellerId: 'seller-a' } : undefined,
} as unknown as Store;

function event(method: string, keyId: string | null, extra: Partial<APIGatewayProxyEvent> = {}) {
  return {
    httpMethod: method,
    headers: {},
    body: null,
    queryStringParameters: null,
    requestContext: { identity: { apiKeyId: keyId } },
    ...extra,
  } as unknown as APIGatewayProxyEvent;
}

async function statusOf(
  scope: string,
  method: string,
  keyId: string | null,
  params: Record<string, string> = {},
  extra: Partial<APIGatewayProxyEvent> = {},
): Promise<number> {
  const request = event(method, keyId, extra);
  const caller = await resolveCaller(request, store, 'operator-key');
  try {
    await authorize({ scope: scope as never, caller, event: request, params, store });
    return 200;
  } catch (error) {
    if (error instanceof HttpError) return error.status;
    throw error;
  }
}

describe('ROUTE_SCOPES', () => {
  it('should declare a scope for every route of the router', () => {
    const router = createRouter({} as RouteDeps);
    const routes = router.templates.map(({ method, template }) => `${method} ${template}`);
    expect(routes.filter((route) => ROUTE_SCOPES[route] === undefined)).toEqual([]);
  });

  it('should declare a scope for every keyed route, whichever function serves it, and for nothing else', () => {
    const scoped = API_ROUTES.filter((route) => route.target === 'api' || route.apiKeyRequired).map(
      (route) => `${route.method} ${route.path}`,
    );
    expect(Object.keys(ROUTE_SCOPES).sort()).toEqual(scoped.sort());
  });
});

describe('authorize', () => {
  it('should let the operator through every scope without reading anything', async () => {
    for (const scope of new Set(Object.values(ROUTE_SCOPES)))
      expect(await statusOf(scope, 'POST', 'operator-key')).toBe(200);
  });

  it('should answer 404 for another seller, whatever the way the seller is named', async () => {
    expect(await statusOf('path:sellerId', 'GET', 'key-a', { sellerId: 'seller-b' })).toBe(404);
    expect(
      await statusOf(
        'query:sellerId',
        'GET',
        'key-a',
        {},
        { queryStringParameters: { sellerId: 'seller-b' } },
      ),
    ).toBe(404);
    expect(await statusOf('body:sellerId', 'POST', 'key-a', {}, { body: '{"sellerId":"seller-b"}' })).toBe(
      404,
    );
    const other = invoiceIdFor('seller-b', 'F-1');
    expect(await statusOf('invoice:invoiceId', 'GET', 'key-a', { invoiceId: other })).toBe(404);
  });

  it('should let a seller key reach its own sellers and invoices', async () => {
    expect(await statusOf('path:sellerId', 'PUT', 'key-a', { sellerId: 'seller-a' })).toBe(200);
    expect(await statusOf('invoice:invoiceId', 'POST', 'key-a', { invoiceId: invoiceOfA })).toBe(200);
    expect(await statusOf('body:sellerId', 'POST', 'key-a', {}, { body: '{"sellerId":"seller-a"}' })).toBe(
      200,
    );
  });

  it('should answer 403 to a read-only key on a write, 404 first when out of scope', async () => {
    expect(await statusOf('invoice:invoiceId', 'GET', 'key-read', { invoiceId: invoiceOfA })).toBe(200);
    expect(await statusOf('invoice:invoiceId', 'POST', 'key-read', { invoiceId: invoiceOfA })).toBe(403);
    expect(await statusOf('path:sellerId', 'PUT', 'key-read', { sellerId: 'seller-b' })).toBe(404);
  });

  it('should keep operator routes, undeclared routes and unknown keys closed', async () => {
    expect(await statusOf('operator', 'GET', 'key-a')).toBe(403);
    expect(await statusOf(undefined as never, 'GET', 'key-a')).toBe(403);
    expect(await statusOf('path:sellerId', 'GET', 'revoked-key', { sellerId: 'seller-a' })).toBe(404);
    expect(await statusOf('path:sellerId', 'GET', null, { sellerId: 'seller-a' })).toBe(403);
  });

  it('should not read a prototype key as a seller', async () => {
    expect(
      await statusOf('body:sellerId', 'POST', 'key-a', {}, { body: '{"__proto__":{"sellerId":"seller-a"}}' }),
    ).toBe(400);
    expect(await statusOf('path:sellerId', 'GET', 'key-a', { sellerId: 'constructor' })).toBe(404);
  });
});
