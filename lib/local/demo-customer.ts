import { DateTime } from 'luxon';
import type { Action, DemoInvoiceSpec } from './demo-script';

/**
 * The demo's customer with three invoices, all due the same day: their courtesy and first reminders go
 * out as one email each time (consolidation), then one invoice gets a payment plan paid installment by
 * installment, one is paid, and the last one runs to the formal notice and the escalation alone.
 */

const CUSTOMER = {
  id: 'C-008',
  name: 'Nina Lefèvre',
  companyName: 'Bistrot Lefèvre',
  type: 'business',
  email: 'nina@bistrot-lefevre.fr',
  payerProfile: 'standard',
} as const;

const PLAN_TOTAL_MINOR = 90000;
const INSTALLMENTS = 3;

/** Three monthly-ish installments, the first a week from now (Paris dates), summing to the balance. */
const agreePlan: Action = async (demo, invoice) => {
  const today = DateTime.fromJSDate(demo.service.clock.now(), { zone: 'Europe/Paris' }).startOf('day');
  const installments = Array.from({ length: INSTALLMENTS }, (_, i) => ({
    dueDate: today.plus({ days: 7 + 14 * i }).toISODate(),
    amountMinor: invoice.totalMinor / INSTALLMENTS,
  }));
  const response = await demo.api('POST', `/invoices/${invoice.invoiceId}/payment-plan`, { installments });
  return `⇶ payment plan agreed: ${INSTALLMENTS} installments from ${installments[0]?.dueDate} (${response.status})`;
};

/** The customer pays each installment two days after its reminder, before its date. */
const payInstallment: Action = async (demo, invoice) => {
  const view = (await (await demo.api('GET', `/invoices/${invoice.invoiceId}`)).json()) as {
    payments?: unknown[];
  };
  const n = (view.payments?.length ?? 0) + 1;
  const response = await demo.api('POST', `/invoices/${invoice.invoiceId}/payments`, {
    paymentId: `PAY-0008-${n}`,
    amountMinor: invoice.totalMinor / INSTALLMENTS,
    method: 'transfer',
  });
  return `€ installment ${n} of ${INSTALLMENTS} paid (API, ${response.status})`;
};

const payInFull: Action = async (demo, invoice) => {
  const response = await demo.api('POST', `/invoices/${invoice.invoiceId}/payments`, {
    paymentId: `PAY-${invoice.number.slice(-4)}`,
    amountMinor: invoice.totalMinor,
    method: 'transfer',
  });
  return `€ payment recorded (API, ${response.status})`;
};

export const CUSTOMER_WITH_THREE_INVOICES: readonly DemoInvoiceSpec[] = [
  {
    number: 'FA-DEMO-0008',
    scenario: '3 invoices in one email, then a plan',
    dueInDays: 12,
    totalMinor: PLAN_TOTAL_MINOR,
    customer: CUSTOMER,
    scripts: [
      { after: 'first_reminder', delayDays: 1, action: agreePlan },
      { after: 'installment_reminder', delayDays: 2, action: payInstallment },
    ],
  },
  {
    number: 'FA-DEMO-0009',
    scenario: '3 invoices in one email, then paid',
    dueInDays: 12,
    totalMinor: 45000,
    customer: CUSTOMER,
    scripts: [{ after: 'first_reminder', delayDays: 3, action: payInFull }],
  },
  {
    number: 'FA-DEMO-0010',
    scenario: '3 invoices in one email, never paid',
    dueInDays: 12,
    totalMinor: 30000,
    customer: CUSTOMER,
    scripts: [],
  },
];
