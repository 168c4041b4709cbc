import * as z from 'zod';
import { daysBetween } from '../../core/dates';
import { AGING_BUCKETS, ATTRIBUTION_STEPS } from '../../core/kpis';
import { currency, isoDate, sellerId } from '../../core/schemas';
import { defineOperation } from './operation';

/** The finance reports (docs/finance.md): query schemas (validated strictly) and operations. */

/** A summary covers at most this many days: a longer period is a mistake or a job for an export. */
export const MAX_REPORT_DAYS = 731;

export const summaryQuerySchema = z
  .strictObject({
    sellerId,
    from: isoDate,
    to: isoDate,
    currency: currency.default('EUR'),
  })
  .refine((query) => query.from <= query.to, { path: ['to'], message: 'must be on or after from' })
  .refine((query) => query.from > query.to || daysBetween(query.from, query.to) < MAX_REPORT_DAYS, {
    path: ['to'],
    message: `the period must be at most ${MAX_REPORT_DAYS} days`,
  });

export const agingQuerySchema = z.strictObject({
  sellerId,
  asOf: isoDate.optional(),
  currency: currency.default('EUR'),
});

const rate = z.number().min(0).max(1).nullable();

const summarySchema = z
  .object({
    sellerId: z.string(),
    from: isoDate,
    to: isoDate,
    currency: z.string(),
    invoicesRegistered: z.int(),
    overdueInvoices: z.int(),
    paidInvoices: z.int(),
    recoveredMinor: z.int(),
    recoveredByStep: z.object(Object.fromEntries(ATTRIBUTION_STEPS.map((step) => [step, z.int()]))),
    amicableRate: rate,
    averageDaysLateAtPayment: z.number().nullable(),
    dsoDays: z.number().nullable(),
    responseRate: rate,
    bounceRate: rate,
    complaintRate: rate,
  })
  .meta({ description: 'Rates are 0–1, null when nothing was counted' });

const agingSchema = z.object({
  sellerId: z.string(),
  asOf: isoDate,
  currency: z.string(),
  buckets: z.array(z.object({ bucket: z.enum(AGING_BUCKETS), count: z.int(), balanceMinor: z.int() })),
  totalMinor: z.int(),
});

const sellerParameter = {
  description: 'The seller',
  schema: summaryQuerySchema.shape.sellerId,
  example: 'atelier-dupont',
  required: true,
};
const currencyParameter = {
  description: 'Amounts in this currency only',
  schema: summaryQuerySchema.shape.currency,
  example: 'EUR',
};

export const reportSummary = defineOperation({
  method: 'GET',
  path: '/reports/summary',
  operationId: 'getFinanceSummary',
  tags: ['Reports'],
  summary: 'Finance summary of a period',
  description:
    'Recovered amounts by the step that preceded each payment, amicable rate, average days late at payment, DSO, response, bounce and complaint rates (definitions: docs/finance.md).',
  target: 'api',
  auth: 'apiKey',
  query: {
    sellerId: sellerParameter,
    from: { description: 'First day of the period', schema: isoDate, example: '2026-10-01', required: true },
    to: { description: 'Last day of the period', schema: isoDate, example: '2026-12-31', required: true },
    currency: currencyParameter,
  },
  responses: {
    200: {
      description: 'The summary',
      content: {
        'application/json': {
          schema: summarySchema,
          example: {
            sellerId: 'atelier-dupont',
            from: '2026-10-01',
            to: '2026-12-31',
            currency: 'EUR',
            invoicesRegistered: 40,
            overdueInvoices: 12,
            paidInvoices: 31,
            recoveredMinor: 4_215_000,
            recoveredByStep: {
              none: 2_900_000,
              courtesy_reminder: 600_000,
              first_reminder: 415_000,
              second_reminder: 200_000,
              formal_notice: 100_000,
              escalation: 0,
            },
            amicableRate: 0.9,
            averageDaysLateAtPayment: 6.4,
            dsoDays: 38.2,
            responseRate: 0.55,
            bounceRate: 0.01,
            complaintRate: 0,
          },
        },
      },
    },
  },
  problems: [400],
});

export const reportAging = defineOperation({
  method: 'GET',
  path: '/reports/aging',
  operationId: 'getAgingReport',
  tags: ['Reports'],
  summary: 'Outstanding balances by days past due',
  description: 'JSON, or CSV (one row per bucket, then a total) with `Accept: text/csv`.',
  target: 'api',
  auth: 'apiKey',
  query: {
    sellerId: sellerParameter,
    asOf: { description: 'Date of the report (default: today)', schema: isoDate, example: '2026-12-20' },
    currency: currencyParameter,
  },
  responses: {
    200: {
      description: 'The aging report',
      content: {
        'application/json': {
          schema: agingSchema,
          example: {
            sellerId: 'atelier-dupont',
            asOf: '2026-12-20',
            currency: 'EUR',
            buckets: [
              { bucket: 'not_due', count: 8, balanceMinor: 950_000 },
              { bucket: '1-30', count: 3, balanceMinor: 370_000 },
              { bucket: '31-60', count: 1, balanceMinor: 123_456 },
              { bucket: '61-90', count: 0, balanceMinor: 0 },
              { bucket: '90+', count: 0, balanceMinor: 0 },
            ],
            totalMinor: 1_443_456,
          },
        },
        'text/csv': {
          schema: z.string(),
          example:
            'bucket,count,balanceMinor,balance,currency,asOf\r\nnot_due,8,950000,9500.00,EUR,2026-12-20\r\n',
        },
      },
    },
  },
  problems: [400],
});
