import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { componentSchema } from '../../functions/api/contract/components';
import type { Operation } from '../../functions/api/contract/operation';
import { OPERATIONS } from '../../functions/api/contract/operations';
import { openApiDocument } from '../../functions/api/openapi';
import { createRouter, type RouteDeps } from '../../functions/api/routes';
import { API_ROUTES } from '../../lib/api';
import { OPENAPI_PATH, renderOpenApi } from '../../scripts/write-openapi';

type Json = Record<string, unknown>;
const document = openApiDocument() as { paths: Record<string, Record<string, Json>>; components: Json };

function operationOf(method: string, path: string): Json | undefined {
  return document.paths[path]?.[method.toLowerCase()];
}

describe('openApiDocument', () => {
  it('should be checked in up to date (run `npm run openapi` after changing a schema)', () => {
    expect(readFileSync(OPENAPI_PATH, 'utf8')).toBe(renderOpenApi());
  });

  it('should describe every deployed route with an operationId, tags and a schema for every answer', () => {
    expect(API_ROUTES.length).toBeGreaterThan(0);
    for (const route of API_ROUTES) {
      const operation = operationOf(route.method, route.path);
      const where = `${route.method} ${route.path}`;
      expect(operation, where).toBeDefined();
      expect(operation?.operationId, where).toMatch(/^[a-z][A-Za-z0-9]+$/);
      expect((operation?.tags as string[] | undefined)?.length, where).toBeGreaterThan(0);
      expect(operation?.summary, where).toBeTruthy();
      const responses = Object.entries((operation?.responses ?? {}) as Record<string, Json>);
      expect(
        responses.some(([status]) => status.startsWith('2')),
        where,
      ).toBe(true);
      expect(
        responses.map(([status]) => status),
        where,
      ).toContain('429');
      for (const [status, response] of responses) {
        if (status === '204') continue;
        const content = Object.values((response.content ?? {}) as Record<string, Json>);
        expect(content.length, `${where} ${status}`).toBeGreaterThan(0);
        for (const media of content) {
          expect(media.schema, `${where} ${status}`).toBeDefined();
          expect(media.example, `${where} ${status}`).toBeDefined();
        }
      }
    }
  });

  it('should give operationIds that are unique', () => {
    const ids = OPERATIONS.map((operation) => operation.operationId);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('should document Idempotency-Key and 422 on every keyed POST, the API key on keyed routes', () => {
    for (const route of API_ROUTES) {
      const operation = operationOf(route.method, route.path) as Json;
      const parameters = ((operation.parameters ?? []) as Json[]).map((parameter) => parameter.name);
      const keyedPost = route.method === 'POST' && route.target === 'api';
      expect(parameters.includes('Idempotency-Key'), `${route.method} ${route.path}`).toBe(keyedPost);
      expect(Object.keys(operation.responses as Json).includes('422')).toBe(keyedPost);
      expect(operation.security === undefined).toBe(route.apiKeyRequired);
    }
  });

  it('should serve from the API function exactly the operations it documents for it', () => {
    const router = createRouter({} as RouteDeps);
    const served = router.operations.map((operation) => operation.operationId).sort();
    const documented = OPERATIONS.filter((operation) => operation.target === 'api')
      .map((operation) => operation.operationId)
      .sort();
    expect(served).toEqual(documented);
  });

  it('should give examples that the zod schemas accept', () => {
    const check = (where: string, schema: Operation['responses'][number]['content']) => {
      for (const [type, media] of Object.entries(schema ?? {})) {
        const zod = typeof media.schema === 'string' ? componentSchema(media.schema) : media.schema;
        const result = zod.safeParse(media.example);
        expect(result.success, `${where} ${type}: ${JSON.stringify(result.error?.issues)}`).toBe(true);
      }
    };
    for (const operation of OPERATIONS) {
      const where = operation.operationId;
      check(`${where} request`, operation.requestBody?.content);
      for (const [status, response] of Object.entries(operation.responses))
        check(`${where} ${status}`, response.content);
      for (const [name, parameter] of Object.entries({
        ...operation.pathParameters,
        ...operation.query,
        ...operation.headers,
      })) {
        expect(parameter.schema.safeParse(parameter.example).success, `${where} ${name}`).toBe(true);
      }
    }
  });

  it('should generate the request schemas from zod, strict like the validation', () => {
    const schemas = (document.components as { schemas: Record<string, Json> }).schemas;
    expect(schemas.Invoice?.additionalProperties).toBe(false);
    expect([...((schemas.Invoice?.required as string[] | undefined) ?? [])].sort()).toEqual(
      ['currency', 'customer', 'dueDate', 'issueDate', 'number', 'pdf', 'sellerId', 'totalMinor'].sort(),
    );
  });

  it('should enumerate the invoice statuses', () => {
    const view = (document.components as { schemas: Record<string, { properties: Record<string, Json> }> })
      .schemas.InvoiceView;
    expect(view?.properties.status?.enum).toEqual([
      'scheduled',
      'in_progress',
      'paused',
      'paid',
      'formal_notice_sent',
      'escalated',
      'cancelled',
      'payment_plan',
    ]);
  });
});
