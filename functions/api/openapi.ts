import * as z from 'zod';
import { type ComponentName, REQUEST_COMPONENTS, RESPONSE_COMPONENTS } from './contract/components';
import { problemExample } from './contract/examples';
import {
  isIdempotent,
  type MediaSpec,
  type Operation,
  type ParameterSpec,
  type ProblemStatus,
  TAGS,
} from './contract/operation';
import { OPERATIONS } from './contract/operations';

/**
 * The OpenAPI 3.1 document, built from OPERATIONS and the zod schemas that validate requests (OpenAPI
 * 3.1 schemas are JSON Schema 2020-12, which zod emits natively). Never edited by hand: `npm run
 * openapi` writes it to docs/openapi.json, a test checks that file is current, and `npm test` runs
 * Redocly's and Spectral's linters on it.
 */

type Json = Record<string, unknown>;

const COMPONENT_URI = (id: string) => `#/components/schemas/${id}`;

/**
 * JSON Schema validators compile `pattern` without Unicode mode, so a Unicode property escape
 * (`\p{L}`) would reject valid values there: such a pattern is stated in the description instead.
 */
const portablePatterns = ({ jsonSchema }: { jsonSchema: Json }): void => {
  const pattern = jsonSchema.pattern;
  if (typeof pattern === 'string' && pattern.includes('\\p{')) {
    delete jsonSchema.pattern;
    jsonSchema.description = `Matches the Unicode regular expression ${pattern}`;
  }
};

function strip(schema: Json): Json {
  const { $schema: _schema, $id: _id, ...rest } = schema;
  return rest;
}

function inlineSchema(schema: z.ZodType, io: 'input' | 'output'): Json {
  return strip(z.toJSONSchema(schema, { io, unrepresentable: 'any', override: portablePatterns }) as Json);
}

function components(): Record<string, Json> {
  const build = (schemas: Record<string, z.ZodType>, io: 'input' | 'output') => {
    const registry = z.registry<{ id: string }>();
    for (const [id, schema] of Object.entries(schemas)) registry.add(schema, { id });
    const { schemas: out } = z.toJSONSchema(registry, {
      io,
      unrepresentable: 'any',
      uri: COMPONENT_URI,
      override: portablePatterns,
    });
    return Object.fromEntries(Object.entries(out).map(([id, schema]) => [id, strip(schema as Json)]));
  };
  const all = { ...build(REQUEST_COMPONENTS, 'input'), ...build(RESPONSE_COMPONENTS, 'output') };
  return Object.fromEntries(
    Object.keys(all)
      .sort()
      .map((id) => [id, all[id] as Json]),
  );
}

function media(content: Readonly<Record<string, MediaSpec>>, io: 'input' | 'output'): Json {
  return Object.fromEntries(
    Object.entries(content).map(([type, { schema, example }]) => [
      type,
      {
        schema:
          typeof schema === 'string'
            ? { $ref: COMPONENT_URI(schema satisfies ComponentName) }
            : inlineSchema(schema, io),
        example,
      },
    ]),
  );
}

function parameters(where: 'path' | 'query' | 'header', specs: Readonly<Record<string, ParameterSpec>> = {}) {
  return Object.entries(specs).map(([name, spec]) => ({
    name,
    in: where,
    required: where === 'path' ? true : spec.required === true,
    description: spec.description,
    schema: inlineSchema(spec.schema, 'input'),
    example: spec.example,
  }));
}

const IDEMPOTENCY_KEY = {
  name: 'Idempotency-Key',
  in: 'header',
  required: false,
  description:
    'Makes a retry safe: the same key with the same request replays the first answer (header `Idempotent-Replayed: true`) for 24 hours; the same key with another request answers 422. Keys are scoped to the API key.',
  schema: { type: 'string', pattern: '^[A-Za-z0-9_.:-]{1,255}$' },
  example: 'b7c1f0de-3c1e-4a52-9d2b-6f0f6a2f3e11',
};

const PROBLEM_DESCRIPTIONS: Record<ProblemStatus, string> = {
  400: 'Invalid request: `errors[]` names each invalid field; nothing was written',
  401: 'Not authenticated',
  403: 'Missing or invalid `x-api-key`, or a read-only key on a write',
  404: 'No such resource, or not one this key reaches',
  409: 'Conflicts with the current state, or a request with this `Idempotency-Key` is still in progress',
  413: 'Request body too large',
  415: 'Unsupported media type',
  422: '`Idempotency-Key` already used with a different request',
  429: 'Throttled (usage plan or stage limits): retry with backoff',
};

function problems(operation: Operation): Json {
  const statuses = new Set<ProblemStatus>(operation.problems);
  // Seller keys: 403 on writes with a read-only key, 404 for anything out of the key's sellers.
  if (operation.auth === 'apiKey') {
    statuses.add(403);
    statuses.add(404);
  }
  // Idempotency-Key: 409 while the first request with the key is in progress, 422 if reused.
  if (isIdempotent(operation)) {
    statuses.add(409);
    statuses.add(422);
  }
  statuses.add(429);
  return Object.fromEntries(
    [...statuses]
      .sort((a, b) => a - b)
      .map((status) => [
        String(status),
        {
          description: PROBLEM_DESCRIPTIONS[status],
          content: {
            'application/problem+json': {
              schema: { $ref: COMPONENT_URI('Problem') },
              example: problemExample(status),
            },
          },
        },
      ]),
  );
}

function responses(operation: Operation): Json {
  const success = Object.entries(operation.responses)
    .sort(([a], [b]) => Number(a) - Number(b))
    .map(([status, response]) => [
      status,
      {
        description: response.description,
        ...(response.headers
          ? {
              headers: Object.fromEntries(
                Object.entries(response.headers).map(([name, header]) => [
                  name,
                  { description: header.description, schema: inlineSchema(header.schema, 'output') },
                ]),
              ),
            }
          : {}),
        ...(response.content ? { content: media(response.content, 'output') } : {}),
      },
    ]);
  return { ...Object.fromEntries(success), ...problems(operation) };
}

function operationObject(operation: Operation): Json {
  const parameterList = [
    ...parameters('path', operation.pathParameters),
    ...parameters('query', operation.query),
    ...parameters('header', operation.headers),
    ...(isIdempotent(operation) ? [IDEMPOTENCY_KEY] : []),
  ];
  return {
    operationId: operation.operationId,
    tags: [...operation.tags],
    summary: operation.summary,
    description: operation.description,
    ...(operation.auth === 'apiKey' ? {} : { security: [] }),
    ...(parameterList.length > 0 ? { parameters: parameterList } : {}),
    ...(operation.requestBody
      ? {
          requestBody: {
            required: operation.requestBody.required,
            ...(operation.requestBody.description ? { description: operation.requestBody.description } : {}),
            content: media(operation.requestBody.content, 'input'),
          },
        }
      : {}),
    responses: responses(operation),
  };
}

/** Builds the document from a list of operations (the whole API by default). */
export function buildOpenApiDocument(operations: readonly Operation[] = OPERATIONS): Json {
  const paths: Record<string, Json> = {};
  for (const operation of operations) {
    const item = paths[operation.path] ?? {};
    item[operation.method.toLowerCase()] = operationObject(operation);
    paths[operation.path] = item;
  }
  const usedTags = new Set(operations.flatMap((operation) => operation.tags));
  return {
    openapi: '3.1.0',
    info: {
      title: 'Relance API',
      version: '1.0.0',
      summary: 'French dunning as a service: register invoices, Relance chases them until paid.',
      description:
        'Register invoices and let Relance run the French dunning cadence: courtesy reminder, two reminders, formal notice (mise en demeure), escalation, thank-you on payment. Errors are RFC 9457 `application/problem+json`. Amounts are integers in minor units (cents).',
      contact: { name: 'Relance maintainers' },
      license: { name: 'Apache-2.0', identifier: 'Apache-2.0' },
    },
    servers: [
      {
        url: 'https://{apiId}.execute-api.{region}.amazonaws.com/v1',
        description: 'Deployed on AWS (the stack output ApiUrl)',
        variables: {
          apiId: { default: 'abcde12345', description: 'The REST API id' },
          region: { default: 'eu-west-3', description: 'The AWS region of the stack' },
        },
      },
      { url: 'http://127.0.0.1:3000', description: 'Local mode (npm start)' },
    ],
    security: [{ apiKey: [] }],
    tags: Object.entries(TAGS)
      .filter(([name]) => usedTags.has(name as keyof typeof TAGS))
      .map(([name, description]) => ({ name, description })),
    paths,
    components: {
      securitySchemes: {
        apiKey: {
          type: 'apiKey',
          in: 'header',
          name: 'x-api-key',
          description: 'The API key of the deployment (locally `local-dev-key`)',
        },
      },
      schemas: components(),
    },
  };
}

let cached: Json | undefined;

export function openApiDocument(): Json {
  cached ??= buildOpenApiDocument();
  return cached;
}
