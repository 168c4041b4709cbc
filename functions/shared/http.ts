import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import type { FieldIssue } from '../core/errors';

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

/** The raw body as text (API Gateway base64-encodes binary bodies). */
export function rawBody(event: APIGatewayProxyEvent): string {
  if (event.body === null || event.body === undefined) return '';
  return event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
}

/** Parses a JSON body, or throws a 400 that says where the syntax broke. */
export function parseJsonBody(event: APIGatewayProxyEvent): unknown {
  const body = rawBody(event);
  if (body.trim() === '')
    throw new HttpError(400, 'Invalid request', 'The request body must be a JSON document.');
  try {
    return JSON.parse(body);
  } catch (error) {
    throw new HttpError(
      400,
      'Invalid request',
      `The request body is not valid JSON: ${(error as Error).message}`,
    );
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
