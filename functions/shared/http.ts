import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import {
  ConflictError,
  type FieldIssue,
  InvalidRequestError,
  NotFoundError,
  PayloadTooLargeError,
} from '../core/errors';
import { jsonProblem, PROTOTYPE_KEYS, textProblem } from '../core/json-guard';

/** An error a client caused; mapped to an RFC 9457 problem+json response with its status. */
export class HttpError extends Error {
  readonly status: number;
  readonly title: string;
  readonly issues?: readonly FieldIssue[];

  constructor(status: number, title: string, detail: string, issues?: readonly FieldIssue[]) {
    super(detail);
    this.name = 'HttpError';
    this.status = status;
    this.title = title;
    this.issues = issues;
  }
}

/** The HTTP answer to a domain error (titles as the API documents them); undefined for anything else. */
export function toHttpError(error: unknown): HttpError | undefined {
  if (error instanceof HttpError) return error;
  if (error instanceof InvalidRequestError)
    return new HttpError(400, 'Invalid request', error.message, error.issues);
  if (error instanceof NotFoundError) return new HttpError(404, 'Not found', error.message);
  if (error instanceof ConflictError) return new HttpError(409, 'Conflict', error.message);
  if (error instanceof PayloadTooLargeError)
    return new HttpError(413, 'Payload too large', error.message, error.issues);
  return undefined;
}

const PROBLEM_TYPES: Record<number, string> = {
  400: 'invalid-request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not-found',
  405: 'method-not-allowed',
  409: 'conflict',
  413: 'payload-too-large',
  415: 'unsupported-media-type',
  422: 'unprocessable',
  429: 'throttled',
  500: 'internal-error',
  501: 'not-implemented',
  503: 'unavailable',
};

export const PROBLEM_TYPE_BASE = 'https://relance.dev/problems/';

export function problem(
  status: number,
  title: string,
  detail: string,
  issues?: readonly FieldIssue[],
): APIGatewayProxyResult {
  return {
    statusCode: status,
    headers: { 'content-type': 'application/problem+json', 'cache-control': 'no-store' },
    body: JSON.stringify({
      type: `${PROBLEM_TYPE_BASE}${PROBLEM_TYPES[status] ?? 'error'}`,
      title,
      status,
      detail,
      ...(issues && issues.length > 0 ? { errors: issues } : {}),
    }),
  };
}

export function json(
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): APIGatewayProxyResult {
  return {
    statusCode: status,
    headers: { 'content-type': 'application/json', 'cache-control': 'no-store', ...headers },
    body: JSON.stringify(body),
  };
}

/** Lambda's synchronous payload limit: a larger body cannot be a request of ours. */
export const MAX_BODY_BYTES = 6 * 1024 * 1024;

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The raw body as text (API Gateway base64-encodes binary bodies); invalid UTF-8 is a 400. */
export function rawBody(event: APIGatewayProxyEvent): string {
  if (event.body === null || event.body === undefined) return '';
  if (!event.isBase64Encoded) return event.body;
  try {
    return utf8.decode(Buffer.from(event.body, 'base64'));
  } catch {
    throw new HttpError(400, 'Invalid request', 'The request body is not valid UTF-8.');
  }
}

const parsedBodies = new WeakMap<APIGatewayProxyEvent, unknown>();

/**
 * Parses a JSON body once per request (the scope check and the handler both read it), or throws a
 * 400 that says where the syntax broke; too large is a 413; too deep, prototype keys, invisible
 * control characters and invalid UTF-8 anywhere in it are a 400 naming the field.
 */
export function parseJsonBody(
  event: APIGatewayProxyEvent,
  options: { readonly checkText?: boolean } = {},
): unknown {
  if (parsedBodies.has(event)) return parsedBodies.get(event);
  const body = rawBody(event);
  if (body.length > MAX_BODY_BYTES)
    throw new HttpError(413, 'Payload too large', `The request body exceeds ${MAX_BODY_BYTES} bytes.`);
  if (body.trim() === '')
    throw new HttpError(400, 'Invalid request', 'The request body must be a JSON document.');
  let document: unknown;
  try {
    document = JSON.parse(body);
  } catch (error) {
    throw new HttpError(
      400,
      'Invalid request',
      `The request body is not valid JSON: ${(error as Error).message}`,
    );
  }
  const issue = jsonProblem(document, options);
  if (issue)
    throw new HttpError(400, 'Invalid request', 'The request body holds a field we refuse.', [issue]);
  parsedBodies.set(event, document);
  return document;
}

/** Query parameters: no prototype keys, no invisible control characters or U+FFFD (400 otherwise). */
export function assertSafeQuery(event: APIGatewayProxyEvent): void {
  for (const [key, value] of Object.entries(event.queryStringParameters ?? {})) {
    if (PROTOTYPE_KEYS.has(key) || textProblem(key))
      throw new HttpError(400, 'Invalid request', 'Unknown query parameter.', [
        { path: key, message: 'is not accepted' },
      ]);
    const message = value === undefined ? undefined : textProblem(value);
    if (message)
      throw new HttpError(400, 'Invalid request', 'Invalid query parameter.', [{ path: key, message }]);
  }
}

/** Case-insensitive header lookup (API Gateway keeps the client's casing). */
export function header(event: APIGatewayProxyEvent, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(event.headers ?? {})) {
    if (key.toLowerCase() === wanted && value !== undefined) return value;
  }
  return undefined;
}
