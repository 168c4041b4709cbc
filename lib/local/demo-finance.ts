import { ATTRIBUTION_STEPS, type Summary } from '../../functions/core/kpis';

/**
 * The end of the demo: the figures of `GET /reports/summary` over the demo's period, in words, and the
 * URL of the local finance dashboard (the stack's `…-finance` dashboard, drawn from the captured EMF).
 */

const EUROS = new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR' });
const euros = (minor: number) => EUROS.format(minor / 100).replace(/\u202f|\u00a0/g, ' ');
const percent = (rate: number | null) => (rate === null ? 'n/a' : `${Math.round(rate * 1000) / 10} %`);
const days = (value: number | null) => (value === null ? 'n/a' : `${value} days`);

const STEP_WORDS: Record<(typeof ATTRIBUTION_STEPS)[number], string> = {
  none: 'before any reminder',
  courtesy_reminder: 'after the courtesy reminder',
  first_reminder: 'after the first reminder',
  second_reminder: 'after the second reminder',
  formal_notice: 'after the formal notice',
  escalation: 'after escalation',
};

export async function financeLines(options: {
  api: (method: string, path: string) => Promise<Response>;
  sellerId: string;
  from: string;
  to: string;
  dashboardsUrl: string;
}): Promise<string[]> {
  const { api, sellerId, from, to } = options;
  const response = await api(
    'GET',
    `/reports/summary?sellerId=${sellerId}&from=${from}&to=${to}&currency=EUR`,
  );
  const lines: string[] = [];
  if (response.ok) {
    const summary = (await response.json()) as Summary;
    lines.push(`  Finance, ${from} → ${to} (GET /reports/summary)`);
    lines.push(
      `    ${summary.invoicesRegistered} invoices registered, ${summary.overdueInvoices} went overdue, ${summary.paidInvoices} fully paid; ${euros(summary.recoveredMinor)} recovered:`,
    );
    for (const step of ATTRIBUTION_STEPS) {
      if (summary.recoveredByStep[step] > 0)
        lines.push(`      ${euros(summary.recoveredByStep[step]).padStart(12)}  ${STEP_WORDS[step]}`);
    }
    lines.push(
      `    amicable rate ${percent(summary.amicableRate)} · average days late at payment ${days(summary.averageDaysLateAtPayment)} · DSO ${days(summary.dsoDays)}`,
    );
    lines.push(
      `    response rate ${percent(summary.responseRate)} · bounce rate ${percent(summary.bounceRate)} · complaint rate ${percent(summary.complaintRate)}`,
    );
  }
  const list = await fetch(`${options.dashboardsUrl}?format=json`);
  const names = list.ok ? ((await list.json()) as { dashboards: string[] }).dashboards : [];
  const finance = names.find((name) => name.endsWith('-finance'));
  if (finance) lines.push(`  Finance dashboard  ${options.dashboardsUrl}/${encodeURIComponent(finance)}`);
  return lines;
}
