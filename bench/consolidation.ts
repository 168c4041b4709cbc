/**
 * Emails per customer over the whole cadence, with and without consolidation:
 * `npx tsx bench/consolidation.ts [customers]` registers, for each of two sellers (one with `consolidate`
 * on, the default, one with it off), `customers` customers with 3 invoices each, all due Friday
 * 2026-11-20 and never paid, runs the virtual clock past every escalation, and prints markdown for
 * BENCHMARKS.md: customer emails, emails to the seller's contact, the most messages one address got on one day, failed
 * executions. Not part of `npm run bench` (it takes minutes); its section is carried over.
 */

import type { InvoiceInput } from '../functions/core/schemas';
import { invoiceFa0012 } from '../test/fixtures/invoices';
import { atelierDupont } from '../test/fixtures/sellers';
import { call } from './local-api';
import { runWhenScript, startBenchService } from './service';

const SELLERS = [
  { sellerId: 'bench-consolidated', consolidate: true, contact: 'finance@bench-consolidated.test' },
  { sellerId: 'bench-separate', consolidate: false, contact: 'finance@bench-separate.test' },
] as const;
const INVOICES_PER_CUSTOMER = 3;

function invoices(sellerId: string, customers: number): InvoiceInput[] {
  return Array.from({ length: customers * INVOICES_PER_CUSTOMER }, (_, i) => {
    const customer = Math.floor(i / INVOICES_PER_CUSTOMER);
    const number = `${sellerId}-${String(i).padStart(5, '0')}`;
    return {
      ...invoiceFa0012,
      sellerId,
      number,
      customer: {
        ...invoiceFa0012.customer,
        id: `C-${customer}`,
        email: `c${customer}@${sellerId}.example`,
      },
      paymentLink: `https://pay.example.com/i/${number}`,
    };
  });
}

interface StoredEmail {
  readonly at: number;
  readonly destination: { readonly to: readonly string[] };
  readonly attachments: readonly unknown[];
}

function parisDay(epochSeconds: number): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(new Date(epochSeconds * 1000));
}

export async function benchConsolidation(customers: number): Promise<string> {
  const service = await startBenchService();
  try {
    for (const seller of SELLERS) {
      await call(service, 'PUT', `/sellers/${seller.sellerId}`, {
        ...atelierDupont,
        consolidate: seller.consolidate,
        contact: { email: seller.contact },
      });
      const all = invoices(seller.sellerId, customers);
      for (let offset = 0; offset < all.length; offset += 100)
        await call(service, 'POST', '/invoices/batch', { invoices: all.slice(offset, offset + 100) });
    }
    await service.clock.settle();
    const started = performance.now();
    // Past the last escalation (notice J+30, 8-day deadline, moved days) of every invoice.
    await service.clock.advanceTo('2027-01-15T12:00:00Z');
    const seconds = (performance.now() - started) / 1000;

    const store = (await (await fetch(`${service.mailboxUrl}/store`)).json()) as { emails: StoredEmail[] };
    const failed = service.engine.listExecutions({ statusFilter: 'FAILED' }).length;
    const rows = SELLERS.map((seller) => {
      const mine = store.emails.filter((email) =>
        email.destination.to.some((to) => to.endsWith(`@${seller.sellerId}.example`)),
      );
      const escalations = store.emails.filter((email) =>
        email.destination.to.includes(seller.contact),
      ).length;
      const perDay = new Map<string, number>();
      for (const email of mine) {
        const key = `${email.destination.to[0]} ${parisDay(email.at)}`;
        perDay.set(key, (perDay.get(key) ?? 0) + 1);
      }
      return {
        seller,
        emails: mine.length,
        attachments: mine.reduce((sum, email) => sum + email.attachments.length, 0),
        escalations,
        maxPerDay: Math.max(0, ...perDay.values()),
      };
    });
    const invoicesPerSeller = customers * INVOICES_PER_CUSTOMER;
    const label = (consolidate: boolean) => (consolidate ? 'with consolidation' : 'without consolidation');
    return [
      '| measure | with consolidation | without consolidation | unit |',
      '|---|---:|---:|---|',
      `| customers × invoices (all due 2026-11-20, never paid) | ${customers} × 3 | ${customers} × 3 | |`,
      ...[
        ['customer emails over the whole cadence', (r: (typeof rows)[number]) => r.emails, 'emails'],
        [
          'customer emails per customer',
          (r: (typeof rows)[number]) => (r.emails / customers).toFixed(2),
          'emails',
        ],
        ['invoice PDFs attached, in all', (r: (typeof rows)[number]) => r.attachments, 'files'],
        [
          "emails to the seller's contact (per invoice: the escalation and the letter to post)",
          (r: (typeof rows)[number]) => r.escalations,
          'emails',
        ],
        [
          'most customer messages to one address on one day',
          (r: (typeof rows)[number]) => r.maxPerDay,
          'emails',
        ],
      ].map(([name, value, unit]) => {
        const [withRow, withoutRow] = rows as [(typeof rows)[number], (typeof rows)[number]];
        const of = value as (r: (typeof rows)[number]) => number | string;
        return `| ${name} | ${of(withRow)} | ${of(withoutRow)} | ${unit} |`;
      }),
      `| failed executions (both sellers) | ${failed} | | executions |`,
      `| real time to run the cadence of the ${2 * invoicesPerSeller} invoices | ${seconds.toFixed(0)} | | s |`,
      '',
      `Sellers: \`consolidate: true\` (${label(true)}), \`consolidate: false\` (${label(false)}).`,
    ].join('\n');
  } finally {
    await service.stop();
  }
}

runWhenScript('bench/consolidation.ts', () => benchConsolidation(Number(process.argv[2] ?? 100)));
