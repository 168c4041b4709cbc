import type * as z from 'zod';
import type { ComponentName } from './components';

/**
 * One operation of the public HTTP API: everything the OpenAPI document, the CDK routes and the
 * routers need. A route cannot exist without one (`Router.add` takes an Operation, `lib/api.ts`
 * deploys `OPERATIONS`), so every route carries an operationId, tags and a schema for each answer.
 */

/** Which Lambda function serves the route (the CDK stack maps these to functions). */
export type Target = 'api' | 'webhooks' | 'replies' | 'evidence';

/**
 * `apiKey`: the `x-api-key` header (API Gateway usage plan); `public`: no authentication, nothing
 * private behind it; `signature`: no API key, the body is authenticated by an HMAC signature header;
 * `token`: no API key, the signed token in the path is the credential (customer reply links).
 */
export type Auth = 'apiKey' | 'public' | 'signature' | 'token';

export type Method = 'GET' | 'PUT' | 'POST' | 'DELETE';

/** Tags group operations in the reference page; each has a description in the document. */
export const TAGS = {
  Sellers: 'Seller profiles: legal identity, sender, bank details, cadence and send window.',
  Invoices: 'Register invoices, read their schedule and statement, pause, resume or cancel their dunning.',
  Payments: 'Record payments from your accounting system or your payment provider.',
  Uploads: 'Upload large invoice PDFs straight to storage, then reference them from an invoice.',
  Reports: 'Finance reports: recovery, DSO, aging.',
  Replies:
    'The page a customer opens from the link in a reminder (HTML, no API key: the signed token of the link is the credential).',
  Keys: 'Seller API keys (operator key only): each reaches only its sellers, read-only or read-write.',
  Service: 'Liveness, this document and its reference page.',
} as const;
export type Tag = keyof typeof TAGS;

/** A body: a named component (see components.ts) or an inline zod schema, with an example that validates. */
export interface MediaSpec {
  readonly schema: ComponentName | z.ZodType;
  readonly example: unknown;
}

export interface HeaderSpec {
  readonly description: string;
  readonly schema: z.ZodType;
}

/** A documented answer. Only `204` may have no content. */
export interface ResponseSpec {
  readonly description: string;
  readonly content?: Readonly<Record<string, MediaSpec>>;
  readonly headers?: Readonly<Record<string, HeaderSpec>>;
}

export interface ParameterSpec {
  readonly description: string;
  readonly schema: z.ZodType;
  readonly example: unknown;
  readonly required?: boolean;
}

/** Error statuses an operation can answer with a problem+json body. */
export type ProblemStatus = 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 429;

export interface Operation {
  readonly method: Method;
  /** API Gateway path template, e.g. `/invoices/{invoiceId}`. */
  readonly path: `/${string}`;
  readonly operationId: string;
  readonly tags: readonly [Tag, ...Tag[]];
  readonly summary: string;
  readonly description: string;
  readonly target: Target;
  readonly auth: Auth;
  readonly pathParameters?: Readonly<Record<string, ParameterSpec>>;
  /** Query parameters: one schema per name (the handler validates the same object strictly). */
  readonly query?: Readonly<Record<string, ParameterSpec>>;
  /** Request headers the operation reads (besides `x-api-key` and `Idempotency-Key`, added by the builder). */
  readonly headers?: Readonly<Record<string, ParameterSpec>>;
  readonly requestBody?: {
    readonly required: boolean;
    readonly description?: string;
    readonly content: Readonly<Record<string, MediaSpec>>;
  };
  /** Success answers by status. */
  readonly responses: Readonly<Record<number, ResponseSpec>>;
  /**
   * Problem answers the handler produces. The builder adds the ones the platform adds: `403` and `404`
   * for keyed routes (key scopes), `429` (throttling) everywhere, `409` and `422` for the POSTs of the
   * API function (Idempotency-Key in progress, reused with another request).
   */
  readonly problems: readonly ProblemStatus[];
}

/** Identity function that checks an operation literal against the type (and keeps its literal types). */
export function defineOperation<const T extends Operation>(operation: T): T {
  return operation;
}

/** True for the POST routes where `Idempotency-Key` is honoured (every POST of the API function). */
export function isIdempotent(operation: Pick<Operation, 'method' | 'target'>): boolean {
  return operation.method === 'POST' && operation.target === 'api';
}

export const json = (schema: MediaSpec['schema'], example: unknown) => ({
  'application/json': { schema, example },
});
