import type { APIGatewayProxyEvent } from 'aws-lambda';
import { INVOICE_ID_PATTERN } from '../core/ids';
import { HttpError, parseJsonBody } from '../shared/http';
import type { Store } from '../shared/store';

/**
 * Tenants (docs/security.md). The deployment's own key is the operator: every route. A seller key
 * reaches only the sellers listed in its scope, read-only or read-write. Every keyed route declares
 * in ROUTE_SCOPES how the seller it touches is found; this module checks it before the handler runs,
 * so a route never checks scope by itself and a route without a declaration is operator-only.
 */
export type RouteScope =
  /** No key at all (API Gateway lets the request in without `x-api-key`). */
  | 'public'
  /** The operator key only: key management. */
  | 'operator'
  /** The seller is a path parameter, a query parameter or a top-level body field named `sellerId`. */
  | 'path:sellerId'
  | 'query:sellerId'
  | 'body:sellerId'
  /** The seller is the one of the invoice named by the path parameter `invoiceId`. */
  | 'invoice:invoiceId'
  /** The handler checks each seller itself with `caller.canReach` (batch routes, one result per item). */
  | 'each';

/** How each route (`METHOD /template`) finds its seller. A new route must be added here. */
export const ROUTE_SCOPES: Readonly<Record<string, RouteScope>> = {
  'GET /health': 'public',
  'GET /openapi.json': 'public',
  'GET /docs': 'public',
  'GET /docs/{file}': 'public',
  'POST /api-keys': 'operator',
  'GET /api-keys': 'operator',
  'DELETE /api-keys/{keyId}': 'operator',
  'PUT /sellers/{sellerId}': 'path:sellerId',
  'GET /sellers/{sellerId}': 'path:sellerId',
  'POST /sellers/{sellerId}/webhook-secret': 'path:sellerId',
  'POST /uploads': 'body:sellerId',
  'POST /invoices': 'body:sellerId',
  'POST /invoices/batch': 'each',
  'GET /invoices': 'query:sellerId',
  'GET /invoices/{invoiceId}': 'invoice:invoiceId',
  // Served by the evidence function, which applies this scope with the same `authorize`.
  'GET /invoices/{invoiceId}/evidence': 'invoice:invoiceId',
  'POST /invoices/{invoiceId}/payments': 'invoice:invoiceId',
  'POST /invoices/{invoiceId}/pause': 'invoice:invoiceId',
  'POST /invoices/{invoiceId}/payment-plan': 'invoice:invoiceId',
  'POST /invoices/{invoiceId}/resume': 'invoice:invoiceId',
  'POST /invoices/{invoiceId}/cancel': 'invoice:invoiceId',
  'POST /invoices/{invoiceId}/contact': 'invoice:invoiceId',
  'GET /reports/summary': 'query:sellerId',
  'GET /reports/aging': 'query:sellerId',
};

/** Who is calling, once the key is known. */
export interface Caller {
  readonly kind: 'operator' | 'seller' | 'anonymous';
  /** The API Gateway key id (`requestContext.identity.apiKeyId`). */
  readonly keyId?: string;
  readonly access: 'read' | 'write';
  /** Whether this caller may see this seller's data at all. */
  canReach(sellerId: string): boolean;
}

export class ScopeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ScopeError';
  }
}

export const ANONYMOUS: Caller = { kind: 'anonymous', access: 'read', canReach: () => false };
const OPERATOR: Omit<Caller, 'keyId'> = { kind: 'operator', access: 'write', canReach: () => true };

/** Reads the caller's scope from the key id API Gateway put in the request context. */
export async function resolveCaller(
  event: APIGatewayProxyEvent,
  store: Store,
  operatorKeyId: string,
): Promise<Caller> {
  const keyId = event.requestContext?.identity?.apiKeyId ?? undefined;
  if (!keyId) return ANONYMOUS;
  if (keyId === operatorKeyId) return { ...OPERATOR, keyId };
  const record = await store.getApiKey(keyId);
  // A gateway key without a scope record (half-created, or revoked while in flight) reaches nothing.
  const sellers = new Set(record?.sellers ?? []);
  return {
    kind: 'seller',
    keyId,
    access: record?.access ?? 'read',
    canReach: (sellerId) => sellers.has(sellerId),
  };
}

const notFound = (what: string) => new HttpError(404, 'Not found', `${what} does not exist.`);

/** The `sellerId` of a JSON body, or a 400 (a scoped caller must say which seller it writes for). */
function bodySellerId(event: APIGatewayProxyEvent): string {
  const body = parseJsonBody(event);
  const sellerId =
    body !== null && typeof body === 'object' && !Array.isArray(body) && Object.hasOwn(body, 'sellerId')
      ? (body as { sellerId: unknown }).sellerId
      : undefined;
  if (typeof sellerId !== 'string') {
    throw new HttpError(400, 'Invalid request', 'The request does not match the schema.', [
      { path: 'sellerId', message: 'is required' },
    ]);
  }
  return sellerId;
}

/**
 * Enforces a route's scope before its handler: `404` for anything outside the caller's sellers (as
 * if it did not exist), then `403` for a read-only key on a write. The operator passes untouched.
 */
export async function authorize(options: {
  readonly scope: RouteScope | undefined;
  readonly caller: Caller;
  readonly event: APIGatewayProxyEvent;
  readonly params: Readonly<Record<string, string>>;
  readonly store: Store;
}): Promise<void> {
  const { scope, caller, event, params, store } = options;
  if (scope === 'public') return;
  if (caller.kind === 'anonymous') throw new HttpError(403, 'Forbidden', 'An API key is required.');
  if (caller.kind === 'operator') return;
  if (scope === undefined || scope === 'operator') {
    throw new HttpError(403, 'Forbidden', 'This route is reserved to the operator key.');
  }
  const write = event.httpMethod !== 'GET' && event.httpMethod !== 'HEAD';
  const reachable = async (): Promise<void> => {
    switch (scope) {
      case 'each':
        return;
      case 'path:sellerId':
      case 'query:sellerId': {
        const sellerId = scope === 'path:sellerId' ? params.sellerId : event.queryStringParameters?.sellerId;
        if (sellerId === undefined || sellerId === '') {
          throw new HttpError(400, 'Invalid request', 'The request does not match the schema.', [
            { path: 'sellerId', message: 'is required' },
          ]);
        }
        if (!caller.canReach(sellerId)) throw notFound(`Seller ${sellerId}`);
        return;
      }
      case 'body:sellerId': {
        const sellerId = bodySellerId(event);
        if (!caller.canReach(sellerId)) throw notFound(`Seller ${sellerId}`);
        return;
      }
      case 'invoice:invoiceId': {
        const invoiceId = params.invoiceId ?? '';
        const invoice = INVOICE_ID_PATTERN.test(invoiceId) ? await store.getInvoice(invoiceId) : undefined;
        if (!invoice || !caller.canReach(invoice.sellerId)) throw notFound(`Invoice ${invoiceId}`);
        return;
      }
      default:
        throw new ScopeError(`Unknown route scope ${String(scope satisfies never)}.`);
    }
  };
  await reachable();
  if (write && caller.access !== 'write') {
    throw new HttpError(403, 'Forbidden', 'This API key is read-only.');
  }
}
