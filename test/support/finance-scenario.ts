import type { InvoiceInput } from '../../functions/core/schemas';
import type { Harness } from '../e2e/harness';
import { invoiceFa0012 } from '../fixtures/invoices';
import { atelierDupont } from '../fixtures/sellers';

/**
 * The finance worked example (test/fixtures/kpis.ts, docs/finance.md) played through the HTTP API with
 * the manual clock: four invoices due 2026-11-20, paid before the due date (after the courtesy
 * reminder), after the first reminder, after the formal notice, and never. Ends on 2026-12-31 12:00Z.
 */
export const FINANCE_PERIOD = { from: '2026-11-01', to: '2026-12-31' } as const;

const invoices: { key: 'A' | 'B' | 'C' | 'D'; totalMinor: number; paidAt?: string }[] = [
  { key: 'A', totalMinor: 100_000, paidAt: '2026-11-15T12:00:00Z' },
  { key: 'B', totalMinor: 200_000, paidAt: '2026-12-02T10:00:00Z' },
  { key: 'C', totalMinor: 300_000, paidAt: '2026-12-23T10:00:00Z' },
  { key: 'D', totalMinor: 400_000 },
];

function invoiceInput(key: string, totalMinor: number): InvoiceInput {
  const number = `FA-FIN-${key}`;
  return {
    ...invoiceFa0012,
    number,
    totalMinor,
    customer: {
      ...invoiceFa0012.customer,
      id: `C-FIN-${key}`,
      email: `finance-${key.toLowerCase()}@example.fr`,
    },
    paymentLink: `https://pay.example.com/i/${number}`,
  };
}

/** Plays the scenario from 2026-11-02T10:00Z (the harness must start there); returns the invoice ids. */
export async function playFinanceScenario(harness: Harness): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  const put = await harness.put('/sellers/atelier-dupont', atelierDupont);
  if (put.status >= 300) throw new Error(`seller: ${put.status} ${put.text}`);
  for (const { key, totalMinor } of invoices) {
    const created = await harness.post('/invoices', invoiceInput(key, totalMinor));
    if (created.status !== 201) throw new Error(`invoice ${key}: ${created.status} ${created.text}`);
    ids.set(key, created.json<{ invoiceId: string }>().invoiceId);
  }
  await harness.settle();
  for (const { key, totalMinor, paidAt } of invoices) {
    if (!paidAt) continue;
    await harness.advanceTo(paidAt);
    const paid = await harness.post(`/invoices/${ids.get(key)}/payments`, {
      paymentId: `PAY-FIN-${key}`,
      amountMinor: totalMinor,
    });
    if (paid.status !== 201) throw new Error(`payment ${key}: ${paid.status} ${paid.text}`);
    await harness.settle();
  }
  await harness.advanceTo('2026-12-31T12:00:00Z');
  return ids;
}
