import * as z from 'zod';
import { AGING_BUCKETS, ATTRIBUTION_STEPS } from '../core/kpis';
import { agingQuerySchema, summaryQuerySchema } from './reports';

/** The finance reports' part of the OpenAPI document; query parameters come from the zod schemas. */

function queryParameters(schema: z.ZodType): Record<string, unknown>[] {
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as {
    properties: Record<string, Record<string, unknown>>;
    required?: string[];
  };
  return Object.entries(json.properties).map(([name, property]) => ({
    name,
    in: 'query',
    required: json.required?.includes(name) ?? false,
    schema: property,
  }));
}

const rate = { type: ['number', 'null'], minimum: 0, maximum: 1 };
const minor = { type: 'integer' };

export const reportSchemas = {
  Summary: {
    type: 'object',
    description: 'Finance KPIs of one seller and one currency over a period (definitions: docs/finance.md).',
    properties: {
      sellerId: { type: 'string' },
      from: { type: 'string', format: 'date' },
      to: { type: 'string', format: 'date' },
      currency: { type: 'string' },
      invoicesRegistered: minor,
      overdueInvoices: minor,
      paidInvoices: minor,
      recoveredMinor: minor,
      recoveredByStep: {
        type: 'object',
        properties: Object.fromEntries(ATTRIBUTION_STEPS.map((step) => [step, minor])),
        required: [...ATTRIBUTION_STEPS],
      },
      amicableRate: rate,
      averageDaysLateAtPayment: { type: ['number', 'null'] },
      dsoDays: { type: ['number', 'null'] },
      responseRate: rate,
      bounceRate: rate,
      complaintRate: rate,
    },
  },
  Aging: {
    type: 'object',
    properties: {
      sellerId: { type: 'string' },
      asOf: { type: 'string', format: 'date' },
      currency: { type: 'string' },
      buckets: {
        type: 'array',
        items: {
          type: 'object',
          required: ['bucket', 'count', 'balanceMinor'],
          properties: { bucket: { enum: [...AGING_BUCKETS] }, count: minor, balanceMinor: minor },
        },
      },
      totalMinor: minor,
    },
  },
};

export function reportPaths(problems: (...statuses: number[]) => Record<string, unknown>) {
  return {
    '/reports/summary': {
      get: {
        summary:
          'Finance summary: recovered by step, amicable rate, days late, DSO, response and bounce rates',
        parameters: queryParameters(summaryQuerySchema),
        responses: {
          '200': {
            description: 'The summary (rates 0–1, null when nothing was counted)',
            content: { 'application/json': { schema: { $ref: '#/components/schemas/Summary' } } },
          },
          ...problems(400, 403, 404),
        },
      },
    },
    '/reports/aging': {
      get: {
        summary: 'Outstanding balances by days past due (JSON, or CSV with Accept: text/csv)',
        parameters: queryParameters(agingQuerySchema),
        responses: {
          '200': {
            description: 'The aging report',
            content: {
              'application/json': { schema: { $ref: '#/components/schemas/Aging' } },
              'text/csv': { schema: { type: 'string' } },
            },
          },
          ...problems(400, 403, 404),
        },
      },
    },
  };
}
