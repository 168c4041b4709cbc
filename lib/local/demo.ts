import { DateTime } from 'luxon';
import { STEP_LABELS } from '../../functions/core/steps';
import { DUNNING_COMPLETE_STATE, SEND_STATES } from '../workflow-states';
import { facturXPdf, invoicePdf } from './demo-documents';
import { financeLines } from './demo-finance';
import { type DemoOutput, euros, localTime, terminalOutput } from './demo-output';
import {
  DEMO_INVOICES,
  DEMO_SELLER,
  DEMO_SELLER_ID,
  DEMO_TIME_ZONE,
  type DemoContext,
  type DemoInvoice,
  type DemoInvoiceSpec,
  type Script,
} from './demo-script';
import type { EngineEvent } from './engine';
import type { LocalEvent, LocalService } from './service';

/**
 * The demo of `npm start`: a seller and invoices that walk every path of the cadence (demo-script.ts),
 * driven through the real HTTP API at scripted virtual times, with a live timeline and a summary table
 * at the end.
 */

const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = 24 * HOUR_MS;

export interface DemoRun {
  /** Resolves when every demo invoice has settled and the summary has been printed. */
  readonly finished: Promise<void>;
  stop(): void;
}

/** Seeds the demo and prints its timeline until every invoice has settled, then a summary table. */
export async function runDemo(
  service: LocalService,
  output: DemoOutput = terminalOutput(),
): Promise<DemoRun> {
  const api = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
    fetch(`${service.apiUrl}${path}`, {
      method,
      headers: { 'x-api-key': service.apiKey, 'content-type': 'application/json', ...headers },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
  const demo: DemoContext = { service, api };

  const resumed = (await api('GET', `/sellers/${DEMO_SELLER_ID}`)).status === 200;
  if (!resumed) {
    const seller = await api('PUT', `/sellers/${DEMO_SELLER_ID}`, DEMO_SELLER);
    if (seller.status >= 300)
      throw new Error(
        `Demo: PUT /sellers/${DEMO_SELLER_ID} answered ${seller.status}: ${await seller.text()}`,
      );
  }

  const startMs = service.clock.now().getTime();
  const today = DateTime.fromMillis(startMs, { zone: DEMO_TIME_ZONE }).startOf('day');
  const invoices = new Map<string, DemoInvoice>();
  let pendingActions = 0;
  let totalEmails = 0;
  let finished = false;
  let seeding = true;
  let resolveFinished!: () => void;
  const finishedPromise = new Promise<void>((resolve) => {
    resolveFinished = resolve;
  });
  const recipients = new Map<string, readonly string[]>();

  const print = (at: Date | number | string, invoice: DemoInvoice | undefined, text: string) => {
    const who = invoice
      ? `${invoice.number}  ${(invoice.customer.companyName ?? invoice.customer.name).padEnd(24)}`
      : ''.padEnd(38);
    output.line(`  ${localTime(at)}  ${who}  ${text}`);
  };

  const runAction = (invoice: DemoInvoice, script: Script, dueMs: number) => {
    pendingActions += 1;
    service.clock.schedule(new Date(dueMs), async () => {
      try {
        print(service.clock.now(), invoice, await script.action(demo, invoice));
      } catch (error) {
        print(service.clock.now(), invoice, `! scripted action failed: ${(error as Error).message}`);
      } finally {
        pendingActions -= 1;
        checkFinished();
      }
    });
  };

  const onExecution = (event: EngineEvent) => {
    const input = event.input as { invoiceId?: string } | undefined;
    const invoice = invoices.get(
      input?.invoiceId ?? event.executionName.replace(/-(resume-\d+|thanks)$/, ''),
    );
    if (!invoice) return;
    const sentStep = event.state === undefined ? undefined : SEND_STATES.get(event.state);
    if (event.type === 'StateExited' && sentStep) {
      const result = (
        event.output as {
          lastSend?: {
            Payload?: {
              outcome?: string;
              step?: string;
              reason?: string;
              messageId?: string;
              invoices?: number;
            };
          };
        }
      ).lastSend?.Payload;
      const label = sentStep === 'escalation' ? 'escalation to the finance team' : STEP_LABELS[sentStep];
      // A step sent inside another invoice's email (consolidation) counts as sent for this invoice.
      const consolidated = result?.outcome === 'skipped' && result.reason === 'consolidated';
      if (result?.outcome === 'sent' || consolidated) {
        const to = recipients.get(result?.messageId ?? '')?.join(', ') ?? '';
        if (consolidated) {
          print(event.at, invoice, `✉ ${label}, in the customer's one email of the day`);
        } else {
          invoice.emailsSent += 1;
          totalEmails += 1;
          const together = result?.invoices
            ? ` (one email for ${result.invoices} invoices, every PDF attached)`
            : '';
          print(event.at, invoice, `✉ ${label}${to ? ` → ${to}` : ''}${together}`);
        }
        for (const script of invoice.scripts) {
          // Customers pay in the afternoon, a few days after a reminder.
          if (script.after === result?.step)
            runAction(invoice, script, Date.parse(event.at) + script.delayDays * DAY_MS + 5 * HOUR_MS);
        }
      } else if (result?.outcome === 'postponed') {
        print(event.at, invoice, `↷ ${label} moved to the next business day (${result.reason})`);
      } else if (result) {
        print(event.at, invoice, `· ${label} not sent (${result.reason ?? result.outcome})`);
      }
    } else if (event.type === 'StateEntered' && event.state === DUNNING_COMPLETE_STATE) {
      print(event.at, invoice, '■ cadence complete');
    } else if (event.type === 'ExecutionFailed') {
      print(event.at, invoice, `✗ workflow failed: ${event.error ?? ''}`);
    }
    if (
      ['ExecutionSucceeded', 'ExecutionFailed', 'ExecutionAborted', 'ExecutionTimedOut'].includes(event.type)
    )
      checkFinished();
  };

  const onLocalEvent = (event: LocalEvent) => {
    if (event.kind === 'execution') onExecution(event.event);
    else if (event.kind === 'email') {
      recipients.set(event.email.messageId, event.email.to);
      // Alerts to the seller go outside the cadence (a bounced address, an insolvency pause).
      const alert = /^seller_alert_(.+)$/.exec(event.email.tags.step ?? '')?.[1];
      if (alert) {
        const invoice = invoices.get(event.email.tags.invoiceId ?? '');
        print(event.email.at, invoice, `⚑ alert to the seller (${alert}) → ${event.email.to.join(', ')}`);
      }
    } else if (event.kind === 'ses-event' && /Bounced|Complaint/.test(event.detailType)) {
      const kind = event.detailType.includes('Bounced') ? 'bounce' : 'complaint';
      const invoice = [...invoices.values()].find((item) => event.recipients.includes(item.customer.email));
      print(event.at, invoice, `↩ SES ${kind} for ${event.recipients.join(', ')}`);
    }
  };
  const unsubscribe = service.onEvent(onLocalEvent);

  const running = (invoice: DemoInvoice) =>
    service.engine
      .listExecutions({ statusFilter: 'RUNNING' })
      .some((execution) => execution.name.startsWith(invoice.invoiceId));

  const checkFinished = () => {
    if (finished || seeding || pendingActions > 0 || invoices.size === 0) return;
    if ([...invoices.values()].some(running)) return;
    finished = true;
    void printSummary().finally(resolveFinished);
  };

  const register = async (spec: DemoInvoiceSpec) => {
    const dueDate = today.plus({ days: spec.dueInDays });
    const issueDate = dueDate.minus({ days: 30 });
    const json = {
      sellerId: DEMO_SELLER_ID,
      number: spec.number,
      issueDate: issueDate.toISODate(),
      dueDate: dueDate.toISODate(),
      currency: 'EUR',
      totalMinor: spec.totalMinor,
      customer: { ...spec.customer, cc: [], locale: 'fr' },
      pdf: {
        contentBase64: await invoicePdf(
          spec.number,
          spec.customer.companyName ?? spec.customer.name,
          spec.totalMinor,
        ),
      },
      paymentLink: `https://pay.example.com/i/${spec.number}`,
    };
    // "Post the PDF, we read the rest": the Factur-X invoice sends only what its XML cannot know.
    const body = spec.facturX
      ? {
          sellerId: DEMO_SELLER_ID,
          customer: { payerProfile: spec.customer.payerProfile, locale: 'fr' },
          pdf: { contentBase64: await facturXPdf(spec, json.issueDate ?? '', json.dueDate ?? '') },
          paymentLink: json.paymentLink,
        }
      : json;
    const response = await api('POST', '/invoices', body);
    const view = (await response.json()) as { invoiceId?: string; facturX?: { profile: string } };
    if (response.status >= 300 || !view.invoiceId) {
      throw new Error(
        `Demo: POST /invoices ${spec.number} answered ${response.status}: ${JSON.stringify(view)}`,
      );
    }
    const invoice: DemoInvoice = {
      ...spec,
      invoiceId: view.invoiceId,
      dueDate: dueDate.toISODate() ?? '',
      emailsSent: 0,
    };
    invoices.set(invoice.invoiceId, invoice);
    print(
      startMs,
      invoice,
      `registered${view.facturX ? ` from its Factur-X PDF (${view.facturX.profile})` : ''}: ${euros(spec.totalMinor)} due ${dueDate.toFormat('dd LLL yyyy')} — ${spec.scenario}`,
    );
    for (const script of spec.scripts) {
      if (script.atDueDateDays !== undefined) {
        const at = dueDate.plus({ days: script.atDueDateDays }).set({ hour: 11 }).toMillis();
        runAction(invoice, script, at);
      }
    }
  };

  const horizonMs = startMs + 75 * DAY_MS;
  const progress = setInterval(() => {
    if (finished) return;
    const now = service.clock.now().getTime();
    const share = Math.min(1, Math.max(0, (now - startMs) / (horizonMs - startMs)));
    const bar = '█'.repeat(Math.round(share * 24)).padEnd(24, '░');
    output.status(`  ▶ ${localTime(now)}  ${bar}  ${totalEmails} emails  (Ctrl-C to stop)`);
  }, 120);
  progress.unref();

  const printSummary = async () => {
    clearInterval(progress);
    output.status(undefined);
    output.line('');
    output.line('  Summary');
    output.line(
      `  ${'Invoice'.padEnd(14)} ${'Scenario'.padEnd(42)} ${'Status'.padEnd(26)} ${'Emails'.padStart(6)}  ${'Recovered'.padStart(12)}`,
    );
    let recovered = 0;
    for (const invoice of invoices.values()) {
      const view = (await (await api('GET', `/invoices/${invoice.invoiceId}`)).json()) as {
        status?: string;
        flags?: string[];
        paidMinor?: number;
      };
      const status = [view.status ?? '?', ...(view.flags ?? [])].join(', ');
      recovered += view.paidMinor ?? 0;
      output.line(
        `  ${invoice.number.padEnd(14)} ${invoice.scenario.padEnd(42)} ${status.padEnd(26)} ${String(invoice.emailsSent).padStart(6)}  ${euros(view.paidMinor ?? 0).padStart(12)}`,
      );
    }
    output.line(
      `  ${''.padEnd(14)} ${''.padEnd(42)} ${''.padEnd(26)} ${String(totalEmails).padStart(6)}  ${euros(recovered).padStart(12)}`,
    );
    output.line('');
    const finance = await financeLines({
      api,
      sellerId: DEMO_SELLER_ID,
      from: today.toISODate() ?? '',
      to: DateTime.fromMillis(service.clock.now().getTime(), { zone: DEMO_TIME_ZONE }).toISODate() ?? '',
      dashboardsUrl: service.dashboardsUrl,
    });
    for (const line of finance) output.line(line);
    if (finance.length > 0) output.line('');
    output.line(
      '  Demo complete. The service keeps running: explore the API and the mailbox, Ctrl-C to stop.',
    );
  };

  if (resumed) {
    // A restart on a data directory: the timeline goes on, but the scripted actions of the previous run are gone.
    output.line(
      '  Demo data found in the data directory: following it (scripted payments are not replayed).',
    );
    let cursor: string | undefined;
    do {
      const query = `/invoices?sellerId=${DEMO_SELLER_ID}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const page = (await (await api('GET', query)).json()) as {
        items?: { invoiceId: string; number: string; dueDate: string }[];
        nextCursor?: string;
      };
      for (const item of page.items ?? []) {
        const spec = DEMO_INVOICES.find((candidate) => candidate.number === item.number);
        if (spec)
          invoices.set(item.invoiceId, {
            ...spec,
            scripts: [],
            invoiceId: item.invoiceId,
            dueDate: item.dueDate,
            emailsSent: 0,
          });
      }
      cursor = page.nextCursor;
    } while (cursor);
  } else {
    output.line(
      `  Seeding the demo: seller "${DEMO_SELLER_ID}" and ${DEMO_INVOICES.length} invoices (times below: Europe/Paris)`,
    );
    for (const spec of DEMO_INVOICES) await register(spec);
  }
  seeding = false;
  checkFinished();
  return {
    finished: finishedPromise,
    stop: () => {
      clearInterval(progress);
      output.status(undefined);
      unsubscribe();
    },
  };
}
