import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import type { LocalApiKeys } from './api-keys';
import type { VirtualClock } from './clock';
import { PayloadTooLargeError, readBody } from './http';
import { LambdaFunctionError, type LocalLambdas } from './lambda';
import { GATEWAY_RESPONSE_STATUS, type LocalApi, type LocalRoute } from './template';

/** API Gateway REST APIs accept payloads up to 10 MB. */
export const MAX_PAYLOAD_BYTES = 10 * 1024 * 1024;

const GATEWAY_MESSAGES: Readonly<Record<string, string>> = {
  INVALID_API_KEY: 'Forbidden',
  MISSING_AUTHENTICATION_TOKEN: 'Missing Authentication Token',
  REQUEST_TOO_LARGE: 'Request Too Long',
  DEFAULT_5XX: 'Internal server error',
};

interface MatchedRoute {
  readonly route: LocalRoute;
  readonly pathParameters: Record<string, string> | null;
}

function segmentsOf(path: string): string[] {
  return path.split('/').filter((segment) => segment !== '');
}

/** Literal segments beat `{param}`, which beats `{proxy+}`, as in API Gateway. */
function specificity(route: LocalRoute): number[] {
  return segmentsOf(route.resourcePath).map((segment) =>
    segment.endsWith('+}') ? 0 : segment.startsWith('{') ? 1 : 2,
  );
}

function compareSpecificity(a: LocalRoute, b: LocalRoute): number {
  const left = specificity(a);
  const right = specificity(b);
  for (let i = 0; i < Math.max(left.length, right.length); i += 1) {
    const difference = (right[i] ?? -1) - (left[i] ?? -1);
    if (difference !== 0) return difference;
  }
  return 0;
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function matchPath(resourcePath: string, segments: readonly string[]): Record<string, string> | undefined {
  const pattern = segmentsOf(resourcePath);
  const parameters: Record<string, string> = {};
  for (let i = 0; i < pattern.length; i += 1) {
    const part = pattern[i] as string;
    if (part.startsWith('{') && part.endsWith('+}')) {
      if (i >= segments.length) return undefined;
      parameters[part.slice(1, -2)] = segments.slice(i).map(decode).join('/');
      return parameters;
    }
    const segment = segments[i];
    if (segment === undefined) return undefined;
    if (part.startsWith('{') && part.endsWith('}')) parameters[part.slice(1, -1)] = decode(segment);
    else if (part !== segment) return undefined;
  }
  return pattern.length === segments.length ? parameters : undefined;
}

function mediaTypeMatches(pattern: string, contentType: string): boolean {
  const [type, subtype] = pattern.toLowerCase().split('/');
  const [actualType, actualSubtype] = contentType.toLowerCase().split(';')[0]?.trim().split('/') ?? [];
  return (type === '*' || type === actualType) && (subtype === '*' || subtype === actualSubtype);
}

export interface ApiGatewayAdapterOptions {
  readonly api: LocalApi;
  readonly lambdas: LocalLambdas;
  readonly keys: LocalApiKeys;
  readonly clock: VirtualClock;
}

/**
 * The local API Gateway: serves exactly the REST API of the template (methods, paths, ApiKeyRequired,
 * gateway responses), and invokes the integrated function with a v1 proxy event whose body is the
 * request's bytes unchanged (webhook signatures are computed over them).
 */
export class ApiGatewayAdapter {
  readonly #api: LocalApi;
  readonly #lambdas: LocalLambdas;
  readonly #keys: LocalApiKeys;
  readonly #clock: VirtualClock;
  readonly #routes: LocalRoute[];

  constructor(options: ApiGatewayAdapterOptions) {
    this.#api = options.api;
    this.#lambdas = options.lambdas;
    this.#keys = options.keys;
    this.#clock = options.clock;
    this.#routes = [...options.api.routes].sort(compareSpecificity);
  }

  get routes(): readonly LocalRoute[] {
    return this.#routes;
  }

  match(method: string, path: string): MatchedRoute | 'no-method' | undefined {
    const segments = segmentsOf(path);
    let pathMatched = false;
    for (const route of this.#routes) {
      const parameters = matchPath(route.resourcePath, segments);
      if (!parameters) continue;
      pathMatched = true;
      if (route.method === method || route.method === 'ANY') {
        return { route, pathParameters: Object.keys(parameters).length > 0 ? parameters : null };
      }
    }
    return pathMatched ? 'no-method' : undefined;
  }

  async handle(request: IncomingMessage, response: ServerResponse, url: URL): Promise<void> {
    const requestId = randomUUID();
    const method = (request.method ?? 'GET').toUpperCase();
    const stagePrefix = `/${this.#api.stageName}`;
    // Copy-pasted AWS URLs carry the stage; the local API answers with or without it.
    const rawPath =
      url.pathname === stagePrefix || url.pathname.startsWith(`${stagePrefix}/`)
        ? url.pathname.slice(stagePrefix.length) || '/'
        : url.pathname;

    const matched = this.match(method, rawPath);
    if (matched === undefined || matched === 'no-method') {
      request.resume();
      this.#gatewayResponse(response, 'MISSING_AUTHENTICATION_TOKEN', requestId);
      return;
    }
    const { route, pathParameters } = matched;
    const providedKey = this.#header(request, 'x-api-key');
    const apiKeyId = route.apiKeyRequired ? this.#keys.idOf(providedKey) : undefined;
    if (route.apiKeyRequired && apiKeyId === undefined) {
      request.resume();
      this.#gatewayResponse(response, 'INVALID_API_KEY', requestId);
      return;
    }

    let body: Buffer;
    try {
      body = await readBody(request, MAX_PAYLOAD_BYTES);
    } catch (error) {
      if (error instanceof PayloadTooLargeError) {
        this.#gatewayResponse(response, 'REQUEST_TOO_LARGE', requestId);
        return;
      }
      throw error;
    }

    if (route.integration.type === 'mock') {
      const text = route.integration.body;
      response.writeHead(route.integration.statusCode, {
        ...route.integration.headers,
        'content-length': Buffer.byteLength(text),
        'x-amzn-requestid': requestId,
      });
      response.end(text);
      return;
    }

    const fn = this.#lambdas.functions.get(route.integration.functionLogicalId);
    if (!fn) {
      this.#gatewayResponse(response, 'DEFAULT_5XX', requestId, 500);
      return;
    }
    const event = this.#event(request, url, rawPath, route, pathParameters, body, requestId, {
      value: providedKey,
      id: apiKeyId,
    });
    let result: unknown;
    try {
      result = await this.#lambdas.invoke(fn, event);
    } catch (error) {
      // Shown as Lambda would log it, stack included: this is where a developer sees a handler crash.
      const trace = error instanceof LambdaFunctionError ? error.payload.trace.join('\n') : String(error);
      console.error(
        `[local] ${fn.logicalId} failed on ${method} ${rawPath} (API Gateway answers 502):\n${trace}`,
      );
      this.#gatewayResponse(response, 'DEFAULT_5XX', requestId, 502);
      return;
    }
    this.#writeProxyResult(response, result, requestId, fn.logicalId);
  }

  #header(request: IncomingMessage, name: string): string | undefined {
    const value = request.headers[name];
    return Array.isArray(value) ? value.at(-1) : value;
  }

  #event(
    request: IncomingMessage,
    url: URL,
    path: string,
    route: LocalRoute,
    pathParameters: Record<string, string> | null,
    body: Buffer,
    requestId: string,
    apiKey: { value: string | undefined; id: string | undefined },
  ): APIGatewayProxyEvent {
    // Client casing kept, as API Gateway does; the last value wins in `headers`.
    const headers: Record<string, string> = Object.create(null);
    const multiValueHeaders: Record<string, string[]> = Object.create(null);
    for (let i = 0; i < request.rawHeaders.length; i += 2) {
      const name = request.rawHeaders[i] as string;
      const value = request.rawHeaders[i + 1] as string;
      const existing =
        Object.keys(multiValueHeaders).find((key) => key.toLowerCase() === name.toLowerCase()) ?? name;
      headers[existing] = value;
      multiValueHeaders[existing] = [...(multiValueHeaders[existing] ?? []), value];
    }
    const sourceIp = (request.socket.remoteAddress ?? '127.0.0.1').replace(/^::ffff:/, '');
    const added: Record<string, string> = {
      'X-Forwarded-For': sourceIp,
      'X-Forwarded-Port': String(request.socket.localPort ?? ''),
      'X-Forwarded-Proto': 'http',
      'X-Amzn-Trace-Id': `Root=1-${Math.floor(this.#clock.nowMs() / 1000).toString(16)}-${randomUUID().replace(/-/g, '').slice(0, 24)}`,
    };
    for (const [name, value] of Object.entries(added)) {
      if (Object.keys(headers).some((key) => key.toLowerCase() === name.toLowerCase())) continue;
      headers[name] = value;
      multiValueHeaders[name] = [value];
    }

    // Null-prototype maps: `?__proto__=x` is a parameter like any other, not the object's prototype.
    const query: Record<string, string> = Object.create(null);
    const multiValueQuery: Record<string, string[]> = Object.create(null);
    for (const pair of url.search.replace(/^\?/, '').split('&')) {
      if (pair === '') continue;
      const separator = pair.indexOf('=');
      const key = decode(separator < 0 ? pair : pair.slice(0, separator));
      const value = separator < 0 ? '' : decode(pair.slice(separator + 1));
      query[key] = value;
      multiValueQuery[key] = [...(multiValueQuery[key] ?? []), value];
    }
    const hasQuery = Object.keys(query).length > 0;

    const contentType = this.#header(request, 'content-type') ?? '';
    const binary =
      contentType !== '' && this.#api.binaryMediaTypes.some((type) => mediaTypeMatches(type, contentType));
    const nowMs = this.#clock.nowMs();
    const stage = this.#api.stageName;
    return {
      resource: route.resourcePath,
      path,
      httpMethod: route.method === 'ANY' ? (request.method ?? 'GET') : route.method,
      headers,
      multiValueHeaders,
      queryStringParameters: hasQuery ? query : null,
      multiValueQueryStringParameters: hasQuery ? multiValueQuery : null,
      pathParameters,
      stageVariables: null,
      requestContext: {
        accountId: '000000000000',
        apiId: this.#api.logicalId,
        authorizer: undefined,
        domainName: this.#header(request, 'host') ?? 'localhost',
        domainPrefix: 'localhost',
        extendedRequestId: requestId,
        httpMethod: request.method ?? 'GET',
        identity: {
          accessKey: null,
          accountId: null,
          // As API Gateway: the key and its id only on routes that require a key.
          apiKey: apiKey.id === undefined ? null : (apiKey.value ?? null),
          apiKeyId: apiKey.id ?? null,
          caller: null,
          clientCert: null,
          cognitoAuthenticationProvider: null,
          cognitoAuthenticationType: null,
          cognitoIdentityId: null,
          cognitoIdentityPoolId: null,
          principalOrgId: null,
          sourceIp,
          user: null,
          userAgent: this.#header(request, 'user-agent') ?? null,
          userArn: null,
        },
        path: `/${stage}${path}`,
        protocol: `HTTP/${request.httpVersion}`,
        requestId,
        requestTime: new Date(nowMs).toUTCString(),
        requestTimeEpoch: nowMs,
        resourceId: route.resourcePath,
        resourcePath: route.resourcePath,
        stage,
      },
      body: body.length === 0 ? null : binary ? body.toString('base64') : body.toString('utf8'),
      isBase64Encoded: binary && body.length > 0,
    };
  }

  #writeProxyResult(response: ServerResponse, result: unknown, requestId: string, functionId: string): void {
    const proxy = (result ?? {}) as {
      statusCode?: unknown;
      headers?: Record<string, unknown>;
      multiValueHeaders?: Record<string, unknown[]>;
      body?: unknown;
      isBase64Encoded?: boolean;
    };
    if (
      typeof proxy.statusCode !== 'number' ||
      (proxy.body !== undefined && proxy.body !== null && typeof proxy.body !== 'string')
    ) {
      console.error(
        `[local] ${functionId} returned a malformed Lambda proxy response:`,
        JSON.stringify(result),
      );
      this.#gatewayResponse(response, 'DEFAULT_5XX', requestId, 502);
      return;
    }
    const body =
      typeof proxy.body === 'string'
        ? Buffer.from(proxy.body, proxy.isBase64Encoded ? 'base64' : 'utf8')
        : Buffer.alloc(0);
    const headers: Record<string, string | string[]> = {};
    for (const [name, values] of Object.entries(proxy.multiValueHeaders ?? {}))
      headers[name] = values.map(String);
    for (const [name, value] of Object.entries(proxy.headers ?? {})) headers[name] = String(value);
    response.writeHead(proxy.statusCode, {
      ...headers,
      'content-length': body.length,
      'x-amzn-requestid': requestId,
      'x-amz-apigw-id': requestId.slice(0, 16),
    });
    response.end(body);
  }

  /** A response produced by API Gateway itself, customized by the template's gateway responses. */
  #gatewayResponse(response: ServerResponse, type: string, requestId: string, status?: number): void {
    const defaultStatus = status ?? GATEWAY_RESPONSE_STATUS[type] ?? 500;
    const family = defaultStatus >= 500 ? 'DEFAULT_5XX' : 'DEFAULT_4XX';
    const specific = this.#api.gatewayResponses[type];
    const fallback = this.#api.gatewayResponses[family];
    const message =
      GATEWAY_MESSAGES[type] ?? (defaultStatus >= 500 ? 'Internal server error' : 'Bad request');
    const statusCode = specific?.statusCode ?? (status === undefined ? undefined : status) ?? defaultStatus;
    const template = specific?.template ?? fallback?.template;
    const headers = { ...fallback?.headers, ...specific?.headers };
    let body: string;
    if (template) {
      body = template
        .replaceAll('$context.error.messageString', JSON.stringify(message))
        .replaceAll('$context.error.message', message)
        .replaceAll('$context.error.responseType', type)
        .replaceAll('$context.requestId', requestId);
    } else {
      // No gateway response in the template: the API's own error format (RFC 9457).
      headers['Content-Type'] ??= 'application/problem+json';
      body = JSON.stringify({ type: 'about:blank', title: message, status: statusCode, detail: message });
    }
    headers['Content-Type'] ??= 'application/json';
    response.writeHead(statusCode, {
      ...headers,
      'content-length': Buffer.byteLength(body),
      'x-amzn-requestid': requestId,
      'x-amzn-errortype': type === 'INVALID_API_KEY' ? 'ForbiddenException' : type,
    });
    response.end(body);
  }
}
