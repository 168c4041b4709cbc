import { createHmac } from 'node:crypto';
import { DateTime } from 'luxon';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { CUSTOMER_WITH_THREE_INVOICES } from './demo-customer';
import { financeLines } from './demo-finance';
import type { EngineEvent } from './engine';
import { buildFacturXPdf } from './facturx';
import type { LocalEvent, LocalService } from './service';

/**
 * The demo of `npm start`: a seller and invoices that walk every path of the cadence, driven through
 * the real HTTP API at scripted virtual times, with a live timeline and a summary table at the end.
 */

const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = 24 * HOUR_MS;
const SELLER_ID = 'atelier-dupont';
const TIME_ZONE = 'Europe/Paris';

const SELLER = {
  legalName: 'Atelier Dupont SAS',
  address: { line1: '12 rue des Lilas', postalCode: '69003', city: 'Lyon', country: 'FR' },
  registration: { siren: '732829320', rcs: 'RCS Lyon 732 829 320', vatNumber: 'FR44732829320' },
  contact: { email: 'compta@atelier-dupont.fr', phone: '+33 4 72 00 00 00' },
  sender: {
    fromEmail: 'relances@atelier-dupont.fr',
    fromName: 'Atelier Dupont',
    replyTo: 'compta@atelier-dupont.fr',
  },
  bank: { iban: 'FR7630006000011234567890189', bic: 'AGRIFRPP' },
  latePenalty: { annualRatePercent: 12.15 },
};

export type Action = (demo: DemoContext, invoice: DemoInvoice) => Promise<string>;

interface Script {
  /** After this step is sent (or, with `atDueDateDays`, that many days after the due date). */
  readonly after?: string;
  readonly atDueDateDays?: number;
  /** Delay after the trigger, in days. */
  readonly delayDays: number;
  readonly action: Action;
}

export interface DemoInvoiceSpec {
  readonly number: string;
  readonly scenario: string;
  /** Registered from a Factur-X PDF: only sellerId, the PDF and the payer profile are sent in JSON. */
  readonly facturX?: boolean;
  readonly dueInDays: number;
  readonly totalMinor: number;
  readonly customer: {
    readonly id: string;
    readonly name: string;
    readonly companyName?: string;
    readonly type: 'business' | 'consumer';
    readonly email: string;
    readonly payerProfile: 'good' | 'standard' | 'bad';
    /** Required for a consumer (the formal notice is a posted letter). */
    readonly address?: { line1: string; postalCode: string; city: string; country: string };
  };
  readonly scripts: readonly Script[];
}

export interface DemoInvoice extends DemoInvoiceSpec {
  readonly invoiceId: string;
  readonly dueDate: string;
  emailsSent: number;
}

export interface DemoContext {
  readonly service: LocalService;
  api(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<Response>;
}

const pay =
  (share: number, paymentId: string): Action =>
  async (demo, invoice) => {
    const amountMinor = Math.round(invoice.totalMinor * share);
    const response = await demo.api('POST', `/invoices/${invoice.invoiceId}/payments`, {
      paymentId,
      amountMinor,
      method: 'transfer',
    });
    return `€ ${share < 1 ? 'partial payment' : 'payment'} of ${euros(amountMinor)} recorded (API, ${response.status})`;
  };

const payByWebhook: Action = async (demo, invoice) => {
  const now = demo.service.clock.now();
  const body = JSON.stringify({
    eventId: `evt-${invoice.number}`,
    type: 'payment.succeeded',
    invoiceId: invoice.invoiceId,
    paymentId: `psp-${invoice.number}`,
    amountMinor: invoice.totalMinor,
    currency: 'EUR',
    paidAt: now.toISOString(),
  });
  const timestamp = Math.floor(now.getTime() / 1000);
  const signature = createHmac('sha256', demo.service.webhookSecret)
    .update(`${timestamp}.${body}`)
    .digest('hex');
  const response = await demo.api('POST', '/webhooks/payments/generic', body, {
    'dunning-signature': `t=${timestamp},v1=${signature}`,
  });
  return `€ payment of ${euros(invoice.totalMinor)} received by signed webhook (${response.status})`;
};

const pause: Action = async (demo, invoice) => {
  const response = await demo.api('POST', `/invoices/${invoice.invoiceId}/pause`, {
    reason: 'dispute',
    note: 'Le client conteste la quantité livrée',
  });
  return `⏸ paused: customer disputes the delivery (${response.status})`;
};

const resume: Action = async (demo, invoice) => {
  const response = await demo.api('POST', `/invoices/${invoice.invoiceId}/resume`);
  return `▶ dispute settled, dunning resumed (${response.status})`;
};

const cancel: Action = async (demo, invoice) => {
  const response = await demo.api('POST', `/invoices/${invoice.invoiceId}/cancel`, {
    reason: 'credit_note',
    note: 'Avoir AV-2026-003 émis',
  });
  return `✕ cancelled by a credit note (${response.status})`;
};

const INVOICES: readonly DemoInvoiceSpec[] = [
  {
    number: 'FA-DEMO-0001',
    scenario: 'paid before the due date',
    dueInDays: 12,
    totalMinor: 123456,
    customer: {
      id: 'C-001',
      name: 'Marie Martin',
      companyName: 'Boulangerie Martin SARL',
      type: 'business',
      email: 'marie@boulangerie-martin.fr',
      payerProfile: 'good',
    },
    scripts: [{ after: 'courtesy_reminder', delayDays: 2, action: pay(1, 'PAY-0001') }],
  },
  {
    number: 'FA-DEMO-0002',
    scenario: 'paid after the first reminder (webhook)',
    dueInDays: 10,
    totalMinor: 58900,
    customer: {
      id: 'C-002',
      name: 'Paul Girard',
      companyName: 'Fromagerie Girard',
      type: 'business',
      email: 'paul@fromagerie-girard.fr',
      payerProfile: 'standard',
    },
    scripts: [{ after: 'first_reminder', delayDays: 1, action: payByWebhook }],
  },
  {
    number: 'FA-DEMO-0003',
    scenario: 'partial payment, then the balance',
    dueInDays: 10,
    totalMinor: 240000,
    customer: {
      id: 'C-003',
      name: 'Léa Roux',
      companyName: 'Épicerie Roux',
      type: 'business',
      email: 'lea@epicerie-roux.fr',
      payerProfile: 'standard',
    },
    scripts: [
      { atDueDateDays: 3, delayDays: 0, action: pay(0.4, 'PAY-0003-A') },
      { after: 'second_reminder', delayDays: 2, action: pay(0.6, 'PAY-0003-B') },
    ],
  },
  {
    number: 'FA-DEMO-0004',
    scenario: 'disputed: paused, then resumed',
    dueInDays: 9,
    totalMinor: 87500,
    customer: {
      id: 'C-004',
      name: 'Hugo Petit',
      companyName: 'Garage Petit',
      type: 'business',
      email: 'hugo@garage-petit.fr',
      payerProfile: 'standard',
    },
    scripts: [
      { after: 'first_reminder', delayDays: 1, action: pause },
      { after: 'first_reminder', delayDays: 11, action: resume },
    ],
  },
  {
    number: 'FA-DEMO-0005',
    scenario: 'never paid: formal notice, escalation',
    facturX: true,
    dueInDays: 11,
    totalMinor: 312000,
    customer: {
      id: 'C-005',
      name: 'Claire Morel',
      companyName: 'Morel Travaux SAS',
      type: 'business',
      email: 'claire@morel-travaux.fr',
      payerProfile: 'bad',
    },
    scripts: [],
  },
  {
    number: 'FA-DEMO-0006',
    scenario: 'registered late (already overdue)',
    dueInDays: -25,
    totalMinor: 45000,
    customer: {
      id: 'C-006',
      name: 'Julien Blanc',
      type: 'consumer',
      email: 'julien.blanc@example.fr',
      address: { line1: '14 rue Mercière', postalCode: '69002', city: 'Lyon', country: 'FR' },
      payerProfile: 'standard',
    },
    scripts: [{ after: 'second_reminder', delayDays: 1, action: pay(1, 'PAY-0006') }],
  },
  {
    number: 'FA-DEMO-0007',
    scenario: 'email bounced, then credit note',
    dueInDays: 13,
    totalMinor: 19900,
    customer: {
      id: 'C-007',
      name: 'Inès Garnier',
      companyName: 'Studio Garnier',
      type: 'business',
      email: 'bounce@simulator.amazonses.com',
      payerProfile: 'standard',
    },
    scripts: [{ atDueDateDays: 2, delayDays: 0, action: cancel }],
  },
  ...CUSTOMER_WITH_THREE_INVOICES,
];

const EUROS = new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR' });
function euros(minor: number): string {
  return EUROS.format(minor / 100).replace(/\u202f|\u00a0/g, ' ');
}

function localTime(instant: Date | number | string): string {
  return DateTime.fromMillis(new Date(instant).getTime(), { zone: TIME_ZONE })
    .setLocale('en-GB')
    .toFormat('ccc dd LLL yyyy HH:mm');
}

async function invoicePdf(number: string, customer: string, totalMinor: number): Promise<string> {
  const pdf = await PDFDocument.create();
  const page = pdf.addPage([595, 842]);
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  const lines = [
    'Atelier Dupont SAS - 12 rue des Lilas, 69003 Lyon',
    `Facture ${number}`,
    `Client : ${customer}`,
    `Total TTC : ${(totalMinor / 100).toFixed(2)} EUR`,
  ];
  lines.forEach((line, i) => {
    page.drawText(line.normalize('NFD').replace(/[\u0300-\u036f]/g, ''), {
      x: 50,
      y: 780 - i * 24,
      size: 14,
      font,
    });
  });
  return Buffer.from(await pdf.save()).toString('base64');
}

/** The Factur-X PDF of a demo invoice: one line, 20 % VAT included in its total. */
async function facturXPdf(spec: DemoInvoiceSpec, issueDate: string, dueDate: string): Promise<string> {
  const pdf = await buildFacturXPdf({
    profile: 'EN 16931',
    number: spec.number,
    issueDate,
    dueDate,
    currency: 'EUR',
    seller: {
      name: SELLER.legalName,
      siren: SELLER.registration.siren,
      vatNumber: SELLER.registration.vatNumber,
    },
    buyer: {
      id: spec.customer.id,
      name: spec.customer.companyName ?? spec.customer.name,
      contactName: spec.customer.name,
      contactEmail: spec.customer.email,
    },
    purchaseOrder: `BC-${spec.number.slice(-4)}`,
    paymentTerms: `Paiement à 30 jours. Pénalités de retard : ${String(SELLER.latePenalty.annualRatePercent).replace('.', ',')} % l'an. Indemnité forfaitaire pour frais de recouvrement : 40 €.`,
    lines: [
      { name: 'Menuiseries sur mesure', quantity: 1, unitPriceMinor: Math.round(spec.totalMinor / 1.2) },
    ],
    vatRatePercent: 20,
  });
  return Buffer.from(pdf).toString('base64');
}

export interface DemoOutput {
  /** Prints one line of the timeline (the progress indicator is redrawn below it). */
  line(text: string): void;
  /** Replaces the progress indicator (TTY only); `undefined` clears it. */
  status(text: string | undefined): void;
}

export function terminalOutput(stream: NodeJS.WriteStream = process.stdout): DemoOutput {
  let current: string | undefined;
  const interactive = stream.isTTY === true;
  return {
    line: (text) => {
      if (interactive && current) stream.write('\r\x1b[2K');
      stream.write(`${text}\n`);
      if (interactive && current) stream.write(current);
    },
    status: (text) => {
      if (!interactive) return;
      current = text;
      stream.write(`\r\x1b[2K${text ?? ''}`);
    },
  };
}

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

  const resumed = (await api('GET', `/sellers/${SELLER_ID}`)).status === 200;
  if (!resumed) {
    const seller = await api('PUT', `/sellers/${SELLER_ID}`, SELLER);
    if (seller.status >= 300)
      throw new Error(`Demo: PUT /sellers/${SELLER_ID} answered ${seller.status}: ${await seller.text()}`);
  }

  const startMs = service.clock.now().getTime();
  const today = DateTime.fromMillis(startMs, { zone: TIME_ZONE }).startOf('day');
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
    if (event.type === 'StateExited' && event.state && /^(Send |Escalate)/.test(event.state)) {
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
      const label =
        event.state === 'Escalate to finance team'
          ? 'escalation to the finance team'
          : event.state.replace(/^Send /, '');
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
    } else if (event.type === 'StateEntered' && event.state === 'Dunning complete') {
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
      sellerId: SELLER_ID,
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
          sellerId: SELLER_ID,
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
      sellerId: SELLER_ID,
      from: today.toISODate() ?? '',
      to: DateTime.fromMillis(service.clock.now().getTime(), { zone: TIME_ZONE }).toISODate() ?? '',
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
      const query = `/invoices?sellerId=${SELLER_ID}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const page = (await (await api('GET', query)).json()) as {
        items?: { invoiceId: string; number: string; dueDate: string }[];
        nextCursor?: string;
      };
      for (const item of page.items ?? []) {
        const spec = INVOICES.find((candidate) => candidate.number === item.number);
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
      `  Seeding the demo: seller "${SELLER_ID}" and ${INVOICES.length} invoices (times below: Europe/Paris)`,
    );
    for (const spec of INVOICES) await register(spec);
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
