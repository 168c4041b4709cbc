import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WidgetData } from '../../lib/local/dashboards';
import { workedExampleSummary } from '../fixtures/kpis';
import { launchBrowser } from '../support/browser';
import { FINANCE_PERIOD, playFinanceScenario } from '../support/finance-scenario';
import { type Harness, startHarness } from './harness';

/**
 * The finance view end to end: the worked example of docs/finance.md played through the API, the
 * engine and the emulators; read back through `GET /reports/summary` and `GET /reports/aging`, and
 * through the local twin of the CloudWatch finance dashboard (EMF lines captured from the handlers,
 * the synthesized DashboardBody drawn by Chart.js in headless Chromium).
 */
const FINANCE_DASHBOARD = 'Relance-dev-finance';

describe('finance view through the HTTP API and the local dashboards', () => {
  let harness: Harness;

  beforeAll(async () => {
    harness = await startHarness({ now: '2026-11-02T10:00:00Z' });
    await playFinanceScenario(harness);
  });

  afterAll(async () => {
    await harness?.stop();
  });

  const widgets = async () =>
    (await harness.get(`/_local/dashboards/${FINANCE_DASHBOARD}?format=json`, { apiKey: null })).json<{
      widgets: WidgetData[];
    }>().widgets;
  const widget = (all: WidgetData[], title: string) => {
    const found = all.find((item) => item.title.startsWith(title));
    if (!found) throw new Error(`no widget "${title}"`);
    return found;
  };
  const total = (series: WidgetData['series'][number] | undefined) =>
    (series?.points ?? []).reduce((sum, point) => sum + point.v, 0);
  const last = (series: WidgetData['series'][number] | undefined) => series?.points.at(-1)?.v ?? 0;

  it('should return the hand-computed summary of the worked example exactly', async () => {
    const { from, to } = FINANCE_PERIOD;
    const summary = await harness.get(
      `/reports/summary?sellerId=atelier-dupont&from=${from}&to=${to}&currency=EUR`,
    );
    expect(summary.status).toBe(200);
    expect(summary.json()).toEqual({
      sellerId: 'atelier-dupont',
      from,
      to,
      currency: 'EUR',
      ...workedExampleSummary,
    });
  });

  it('should age the outstanding balances as of a date, in JSON and in CSV', async () => {
    const aging = await harness.get('/reports/aging?sellerId=atelier-dupont&asOf=2026-12-01');
    expect(aging.status).toBe(200);
    expect(aging.json()).toMatchObject({
      asOf: '2026-12-01',
      currency: 'EUR',
      buckets: [
        { bucket: 'not_due', count: 0, balanceMinor: 0 },
        { bucket: '1-30', count: 3, balanceMinor: 900_000 },
        { bucket: '31-60', count: 0, balanceMinor: 0 },
        { bucket: '61-90', count: 0, balanceMinor: 0 },
        { bucket: '90+', count: 0, balanceMinor: 0 },
      ],
      totalMinor: 900_000,
    });
    const csv = await harness.get('/reports/aging?sellerId=atelier-dupont', {
      headers: { accept: 'text/csv' },
    });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    // Today is 2026-12-31: D (4 000 €) is 41 days past due.
    expect(csv.text.split('\r\n')).toEqual([
      'bucket,count,balanceMinor,balance,currency,asOf',
      'not_due,0,0,0.00,EUR,2026-12-31',
      '1-30,0,0,0.00,EUR,2026-12-31',
      '31-60,1,400000,4000.00,EUR,2026-12-31',
      '61-90,0,0,0.00,EUR,2026-12-31',
      '90+,0,0,0.00,EUR,2026-12-31',
      'total,1,400000,4000.00,EUR,2026-12-31',
      '',
    ]);
  });

  it('should answer problem+json 400 for a bad query and 404 for an unknown seller', async () => {
    for (const query of [
      'sellerId=atelier-dupont&from=2026-12-31&to=2026-11-01',
      'sellerId=atelier-dupont&from=2026-02-30&to=2026-03-01',
      'sellerId=atelier-dupont&from=2026-11-01&to=2026-12-31&currency=EURO',
      'sellerId=atelier-dupont&from=2026-11-01&to=2026-12-31&extra=1',
      'from=2026-11-01&to=2026-12-31',
    ]) {
      const response = await harness.get(`/reports/summary?${query}`);
      expect(response.status, query).toBe(400);
      expect(response.headers.get('content-type')).toBe('application/problem+json');
    }
    expect((await harness.get('/reports/aging?sellerId=nobody')).status).toBe(404);
    expect((await harness.get('/reports/aging?sellerId=atelier-dupont', { apiKey: null })).status).toBe(403);
  });

  it('should list the two dashboards of the template', async () => {
    const list = await harness.get('/_local/dashboards?format=json', { apiKey: null });
    expect(list.json<{ dashboards: string[] }>().dashboards.sort()).toEqual([
      'Relance-dev-finance',
      'Relance-dev-operations',
    ]);
  });

  it('should show on the finance dashboard the same totals as the reports', async () => {
    const all = await widgets();
    const { recoveredByStep, dsoDays } = workedExampleSummary;
    const recovered = widget(all, 'Money recovered over the period');
    const byLabel = (label: string) => recovered.series.find((series) => series.label === label);
    expect(total(byLabel('after the courtesy reminder'))).toBe(recoveredByStep.courtesy_reminder / 100);
    expect(total(byLabel('after the 1st reminder'))).toBe(recoveredByStep.first_reminder / 100);
    expect(total(byLabel('after the formal notice'))).toBe(recoveredByStep.formal_notice / 100);
    expect(recovered.series.reduce((sum, series) => sum + total(series), 0)).toBe(
      workedExampleSummary.recoveredMinor / 100,
    );
    const owed = widget(all, 'Still owed');
    expect(owed.series.reduce((sum, series) => sum + last(series), 0)).toBe(4000);
    expect(last(widget(all, 'DSO').series[0])).toBe(dsoDays);
    const paid = widget(all, 'Invoices fully paid');
    expect(paid.series.reduce((sum, series) => sum + total(series), 0)).toBe(
      workedExampleSummary.paidInvoices,
    );
  });

  it('should draw every widget of the finance dashboard with data in a real browser', async () => {
    const browser = await launchBrowser();
    try {
      const page = await browser.newPage({ viewport: { width: 1400, height: 1500 } });
      const external: string[] = [];
      page.on('request', (request) => {
        if (!request.url().startsWith(harness.apiUrl)) external.push(request.url());
      });
      await page.goto(`${harness.apiUrl}/_local/dashboards/${FINANCE_DASHBOARD}`);
      await page.waitForSelector('body[data-ready="true"]', { timeout: 20_000 });
      const drawn = await page.$$eval('.widget', (elements) =>
        elements.map((element) => ({
          title: element.getAttribute('data-title'),
          drawn: element.getAttribute('data-drawn'),
          points: Number(element.getAttribute('data-points')),
        })),
      );
      expect(drawn.length).toBeGreaterThanOrEqual(8);
      for (const item of drawn) {
        expect(item.drawn, item.title ?? '').toBe('true');
        expect(item.points, item.title ?? '').toBeGreaterThan(0);
      }
      expect(external).toEqual([]);
      if (process.env.RELANCE_WRITE_SCREENSHOTS === '1')
        writeFileSync(
          join(process.cwd(), 'docs/images/finance-dashboard.png'),
          await page.screenshot({ fullPage: true }),
        );
    } finally {
      await browser.close();
    }
  });
});
