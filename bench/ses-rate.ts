/**
 * The 09:00 rush through a throttled SES: `npx tsx bench/ses-rate.ts [invoices] [rate] [spreadMinutes]`
 * registers
 * `invoices` invoices of one seller (`spreadMinutes`, default 60; one customer each) all due the same day,
 * lets their courtesy reminders go through a local SES limited to `rate` messages per second
 * (`--ses-rate`), and prints markdown for BENCHMARKS.md: makespan, throttled attempts, failures,
 * duplicates and a histogram of the send minutes. Not part of `npm run bench` (it takes minutes).
 */

import type { InvoiceInput } from '../functions/core/schemas';
import { invoiceFa0012 } from '../test/fixtures/invoices';
import { atelierDupont } from '../test/fixtures/sellers';
import { call } from './local-api';
import { runWhenScript, startBenchService } from './service';

const SELLER = 'rush-seller';
/** Due Friday 2026-11-20: every courtesy reminder (J-8) falls on Thursday 2026-11-12. */
const DUE_DATE = '2026-11-20';

function invoice(n: number): InvoiceInput {
  const number = `R-${String(n).padStart(5, '0')}`;
  return {
    ...invoiceFa0012,
    sellerId: SELLER,
    number,
    dueDate: DUE_DATE,
    customer: { ...invoiceFa0012.customer, id: `C-${n}`, email: `c${n}@client.example` },
    paymentLink: `https://pay.example.com/i/${number}`,
  };
}

/** `HH:mm` in Paris of epoch seconds. */
function parisMinute(epochSeconds: number): string {
  return new Intl.DateTimeFormat('fr-FR', {
    timeZone: 'Europe/Paris',
    hour: '2-digit',
    minute: '2-digit',
  }).format(new Date(epochSeconds * 1000));
}

export async function benchSesRate(count: number, rate: number, spreadMinutes = 60): Promise<string> {
  const service = await startBenchService({ sesRatePerSecond: rate });
  let sendAttempts = 0;
  service.lambdas.onInvocation((record) => {
    if (record.fn.logicalId.startsWith('SendMessageFunction')) sendAttempts += 1;
  });
  try {
    const profile = { ...atelierDupont, sendWindow: { ...atelierDupont.sendWindow, spreadMinutes } };
    await call(service, 'PUT', `/sellers/${SELLER}`, profile);
    const registrationStarted = performance.now();
    for (let offset = 0; offset < count; offset += 100) {
      const batch = Array.from({ length: Math.min(100, count - offset) }, (_, i) => invoice(offset + i));
      await call(service, 'POST', '/invoices/batch', { invoices: batch });
    }
    await service.clock.settle();
    const registrationSeconds = (performance.now() - registrationStarted) / 1000;
    await service.clock.advanceTo('2026-11-12T07:59:00Z');

    const started = performance.now();
    await service.clock.advanceTo('2026-11-12T09:30:00Z');
    const makespan = (performance.now() - started) / 1000;

    const store = (await (await fetch(`${service.mailboxUrl}/store`)).json()) as {
      emails: { subject: string; at: number; destination: { to: string[] } }[];
    };
    const perRecipient = new Map<string, number>();
    const perMinute = new Map<string, number>();
    for (const email of store.emails) {
      const to = email.destination.to[0] ?? '';
      perRecipient.set(to, (perRecipient.get(to) ?? 0) + 1);
      const minute = parisMinute(email.at);
      perMinute.set(minute, (perMinute.get(minute) ?? 0) + 1);
    }
    const duplicates = [...perRecipient.values()].filter((n) => n > 1).length;
    const missing = count - perRecipient.size;
    const failed = service.engine.listExecutions({ statusFilter: 'FAILED' }).length;
    const throttled = sendAttempts - store.emails.length;

    const widest = Math.max(...perMinute.values());
    const histogram = [...perMinute.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([minute, n]) => `${minute}  ${'#'.repeat(Math.max(1, Math.round((n / widest) * 50)))} ${n}`);
    return [
      `| measure | value | unit |`,
      `|---|---:|---|`,
      `| invoices due the same day (one courtesy reminder each, one customer each) | ${count} | invoices |`,
      `| local SES maximum send rate (\`--ses-rate\`) | ${rate} | messages/s |`,
      `| seller's \`sendWindow.spreadMinutes\` | ${spreadMinutes} | minutes |`,
      `| registration (batch API, 100 per call) | ${registrationSeconds.toFixed(1)} | s |`,
      `| emails sent | ${store.emails.length} | emails |`,
      `| makespan: window opening to the last execution settled (real time) | ${makespan.toFixed(1)} | s |`,
      `| send attempts throttled by SES and retried | ${throttled} | attempts |`,
      `| failed executions | ${failed} | executions |`,
      `| duplicate emails (a recipient mailed twice) | ${duplicates} | recipients |`,
      `| invoices without their email | ${missing} | invoices |`,
      '',
      'Send minutes (Paris time, from the emails as the local SES stamped them):',
      '',
      '```text',
      ...histogram,
      '```',
    ].join('\n');
  } finally {
    await service.stop();
  }
}

runWhenScript('bench/ses-rate.ts', () =>
  benchSesRate(Number(process.argv[2] ?? 1000), Number(process.argv[3] ?? 14), Number(process.argv[4] ?? 60)),
);
