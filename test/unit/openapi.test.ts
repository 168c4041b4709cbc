import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { openApiDocument } from '../../functions/api/openapi';
import { OPENAPI_PATH, renderOpenApi } from '../../scripts/write-openapi';

describe('openApiDocument', () => {
  it('should be checked in up to date (run `npm run openapi` after changing a schema)', () => {
    expect(readFileSync(OPENAPI_PATH, 'utf8')).toBe(renderOpenApi());
  });

  it('should describe every route of the contract', () => {
    const paths = openApiDocument().paths as Record<string, Record<string, unknown>>;
    const routes = Object.entries(paths).flatMap(([path, item]) =>
      Object.keys(item)
        .filter((key) => key !== 'parameters')
        .map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(routes.sort()).toEqual(
      [
        'GET /health',
        'GET /openapi.json',
        'POST /api-keys',
        'GET /api-keys',
        'DELETE /api-keys/{keyId}',
        'PUT /sellers/{sellerId}',
        'GET /sellers/{sellerId}',
        'POST /sellers/{sellerId}/webhook-secret',
        'POST /invoices',
        'GET /invoices',
        'POST /invoices/batch',
        'GET /invoices/{invoiceId}',
        'GET /invoices/{invoiceId}/evidence',
        'POST /invoices/{invoiceId}/payments',
        'POST /invoices/{invoiceId}/pause',
        'POST /invoices/{invoiceId}/resume',
        'POST /invoices/{invoiceId}/cancel',
        'POST /invoices/{invoiceId}/contact',
        'POST /webhooks/payments/generic',
        'POST /webhooks/payments/stripe',
        'GET /reports/summary',
        'GET /reports/aging',
      ].sort(),
    );
  });

  it('should generate the request schemas from zod, strict like the validation', () => {
    const schemas = (openApiDocument().components as { schemas: Record<string, Record<string, unknown>> })
      .schemas;
    expect(schemas.Invoice?.additionalProperties).toBe(false);
    expect([...((schemas.Invoice?.required as string[] | undefined) ?? [])].sort()).toEqual(
      ['currency', 'customer', 'dueDate', 'issueDate', 'number', 'pdf', 'sellerId', 'totalMinor'].sort(),
    );
  });
});
