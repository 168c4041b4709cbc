import { exampleSellerId, sellerExample } from '../../functions/api/contract/examples';
import { signPayload } from '../../functions/webhooks/signatures';
import { CUSTOMER_WITH_THREE_INVOICES } from './demo-customer';
import { euros } from './demo-output';
import type { LocalService } from './service';

/**
 * What the demo of `npm start` plays: the seller (the API's example seller), its invoices and the scripted
 * actions (payments, a webhook, a dispute, a credit note) that walk every path of the cadence.
 */

export const DEMO_SELLER_ID = exampleSellerId;
export const DEMO_SELLER = sellerExample;
export const DEMO_TIME_ZONE = 'Europe/Paris';

export type Action = (demo: DemoContext, invoice: DemoInvoice) => Promise<string>;

export interface Script {
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
  const response = await demo.api('POST', '/webhooks/payments/generic', body, {
    'dunning-signature': signPayload(demo.service.webhookSecret, body, timestamp),
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

/** The demo's invoices, each walking one path of the cadence. */
export const DEMO_INVOICES: readonly DemoInvoiceSpec[] = [
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
