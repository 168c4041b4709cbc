import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workedExampleSummary } from '../fixtures/kpis';
import { FINANCE_PERIOD, playFinanceScenario } from '../support/finance-scenario';
import { type Harness, startHarness } from './harness';

/**
 * The finance reports end to end: the worked example of docs/finance.md played through the API, the
 * engine and the emulators, then read back through `GET /reports/summary` and `GET /reports/aging`.
 */
describe('finance reports through the HTTP API', () => {
  let harness: Harness;

  beforeAll(async () => {
    harness = await startHarness({ now: '2026-11-02T10:00:00Z' });
    await playFinanceScenario(harness);
  });

  afterAll(async () => {
    await harness?.stop();
  });

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
});
