import { describe, expect, it } from 'vitest';
import type { KpiInvoice } from '../../functions/core/kpis';
import { outstandingSnapshot, responseSnapshot } from '../../functions/core/snapshot';
import { workedExample } from '../fixtures/kpis';

const [, b, , d] = workedExample as [KpiInvoice, KpiInvoice, KpiInvoice, KpiInvoice];

describe('outstandingSnapshot', () => {
  it('should add up every seller book of a currency, each aged on its own local date', () => {
    const snapshot = outstandingSnapshot(
      [
        { currency: 'EUR', timezone: 'Europe/Paris', invoices: workedExample },
        { currency: 'EUR', timezone: 'America/Martinique', invoices: [{ ...d, invoiceId: 'E' }] },
        { currency: 'USD', timezone: 'America/New_York', invoices: [{ ...b, invoiceId: 'U', payments: [] }] },
      ],
      // 2026-12-01 02:00Z: already 1 December in Paris (11 days past due), still 30 November in Martinique (10).
      new Date('2026-12-01T02:00:00Z'),
    );
    expect(snapshot.get('EUR')?.buckets['1-30']).toEqual({ count: 4, balanceMinor: 1_300_000 });
    // EUR: 13 000 € outstanding ÷ 14 000 € invoiced in 90 days × 90 = 83.57… → 83.6.
    expect(snapshot.get('EUR')?.dsoDays).toBe(83.6);
    expect(snapshot.get('USD')?.buckets['1-30']).toEqual({ count: 1, balanceMinor: 200_000 });
    expect(snapshot.get('USD')?.dsoDays).toBe(90);
  });
});

describe('responseSnapshot', () => {
  it('should count messages whose 7-day window closed in the last 24 hours, answered or not', () => {
    // Messages of 2026-11-30 08:00Z: windows close on 12-07 08:00Z. B paid 12-02: answered; D: not.
    expect(responseSnapshot(workedExample, new Date('2026-12-07T12:00:00Z'))).toEqual({
      windowsClosed: 3,
      answered: 1,
      replies: 0,
    });
  });

  it('should count the replies of the last 24 hours', () => {
    const replied: KpiInvoice = { ...d, repliedAt: ['2026-12-08T09:00:00Z', '2026-12-01T09:00:00Z'] };
    expect(responseSnapshot([replied], new Date('2026-12-08T12:00:00Z')).replies).toBe(1);
  });
});
