import type { AgingReport } from '../core/kpis';
import { toDecimalString } from '../core/money';
import { header, json } from '../shared/http';
import { agingReport, summaryReport } from '../shared/reports';
import type { Store } from '../shared/store';
import { validate } from '../shared/validate';
import { agingQuerySchema, reportAging, reportSummary, summaryQuerySchema } from './contract/reports';
import type { Router } from './router';

// The query schemas are part of the API contract (they are documented from there).
export { agingQuerySchema, MAX_REPORT_DAYS, summaryQuerySchema } from './contract/reports';

/** The aging report as CSV: one row per bucket then a total, amounts in minor units and in decimal. */
export function agingCsv(report: AgingReport & { currency: string }): string {
  const rows = [
    ['bucket', 'count', 'balanceMinor', 'balance', 'currency', 'asOf'],
    ...report.buckets.map((row) => [
      row.bucket,
      String(row.count),
      String(row.balanceMinor),
      toDecimalString(row.balanceMinor, report.currency),
      report.currency,
      report.asOf,
    ]),
    [
      'total',
      String(report.buckets.reduce((sum, row) => sum + row.count, 0)),
      String(report.totalMinor),
      toDecimalString(report.totalMinor, report.currency),
      report.currency,
      report.asOf,
    ],
  ];
  // RFC 4180 line ends; no field can hold a comma or a quote (ids, numbers, ISO codes and dates).
  return `${rows.map((row) => row.join(',')).join('\r\n')}\r\n`;
}

function wantsCsv(accept: string | undefined): boolean {
  return (accept ?? '').split(',').some((part) => part.split(';')[0]?.trim().toLowerCase() === 'text/csv');
}

/** `GET /reports/summary` and `GET /reports/aging` (docs/finance.md). */
export function addReportRoutes(router: Router, deps: { store: Store; now: () => Date }): void {
  router.add(reportSummary, async (event) => {
    const query = validate(summaryQuerySchema, event.queryStringParameters ?? {});
    return json(200, await summaryReport(deps.store, query));
  });

  router.add(reportAging, async (event) => {
    const query = validate(agingQuerySchema, event.queryStringParameters ?? {});
    const report = await agingReport(deps.store, query, deps.now());
    if (!wantsCsv(header(event, 'accept'))) return json(200, report);
    return {
      statusCode: 200,
      headers: {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="aging-${report.sellerId}-${report.asOf}.csv"`,
        'cache-control': 'no-store',
      },
      body: agingCsv(report),
    };
  });
}
