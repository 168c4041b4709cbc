import { addDays, daysBetween, localDate } from './dates';
import { CADENCE_STEPS, type CadenceStep } from './steps';

/**
 * The finance KPIs (docs/finance.md says what each counts and excludes). Pure: the caller loads one
 * seller's invoices in one currency, with their messages, payments and delivery events, and passes the
 * period; days are the seller's calendar days (its send-window time zone).
 */

/** Where a payment is attributed: the last dunning step sent before it, `none` when nothing was. */
export const ATTRIBUTION_STEPS = ['none', ...CADENCE_STEPS] as const;
export type AttributionStep = (typeof ATTRIBUTION_STEPS)[number];

/** The messages that go to the customer (escalation goes to the seller's finance team). */
export const CUSTOMER_MESSAGE_STEPS = [
  'courtesy_reminder',
  'first_reminder',
  'second_reminder',
  'formal_notice',
] as const satisfies readonly CadenceStep[];

/** A customer counts as having responded when it pays or replies within this many days of a message. */
export const RESPONSE_WINDOW_DAYS = 7;
/** DSO looks at what was invoiced over this many days up to the report date. */
export const DSO_WINDOW_DAYS = 90;

export const AGING_BUCKETS = ['not_due', '1-30', '31-60', '61-90', '90+'] as const;
export type AgingBucket = (typeof AGING_BUCKETS)[number];

export interface KpiMessage {
  readonly step: CadenceStep;
  readonly messageId: string;
  readonly sentAt: string;
}

export interface KpiPayment {
  readonly amountMinor: number;
  readonly paidAt: string;
}

/** One invoice as the KPIs see it. Instants are ISO 8601; dates `YYYY-MM-DD`. */
export interface KpiInvoice {
  readonly invoiceId: string;
  readonly totalMinor: number;
  readonly issueDate: string;
  readonly dueDate: string;
  readonly registeredAt: string;
  readonly cancelledAt?: string;
  readonly payments: readonly KpiPayment[];
  /** Dunning messages actually sent (claimed and accepted by SES). */
  readonly messages: readonly KpiMessage[];
  /** Message ids that hard-bounced, and that drew a complaint. */
  readonly bouncedMessageIds: readonly string[];
  readonly complainedMessageIds: readonly string[];
  /** When the customer replied (`customer_replied` events). */
  readonly repliedAt: readonly string[];
}

/** Inclusive calendar days `from`..`to` of the seller's time zone. */
export interface Period {
  readonly from: string;
  readonly to: string;
  readonly timezone: string;
}

const DAY_MS = 86_400_000;

const dayOf = (instant: string, timezone: string): string => localDate(new Date(instant), { timezone });
const inPeriod = (day: string, period: Period): boolean => day >= period.from && day <= period.to;
const byTime =
  <T>(at: (item: T) => string) =>
  (a: T, b: T) =>
    Date.parse(at(a)) - Date.parse(at(b));

/** Rates are rounded to 4 decimals (0.05 % is 0.0005), day counts to 1; `null` when nothing was counted. */
export function ratio(numerator: number, denominator: number): number | null {
  return denominator === 0 ? null : Math.round((numerator / denominator) * 10_000) / 10_000;
}

function roundDays(value: number): number {
  return Math.round(value * 10) / 10;
}

/** The last dunning step sent strictly before the payment; `none` when no message preceded it. */
export function attributePayment(payment: KpiPayment, messages: readonly KpiMessage[]): AttributionStep {
  const paidAt = Date.parse(payment.paidAt);
  let last: KpiMessage | undefined;
  for (const message of messages) {
    const sentAt = Date.parse(message.sentAt);
    if (sentAt < paidAt && (last === undefined || sentAt >= Date.parse(last.sentAt))) last = message;
  }
  return last?.step ?? 'none';
}

/** The instant the payments (in paid order) first covered the total; undefined while a balance remains. */
export function fullPaymentAt(invoice: Pick<KpiInvoice, 'totalMinor' | 'payments'>): string | undefined {
  let paid = 0;
  for (const payment of [...invoice.payments].sort(byTime((p) => p.paidAt))) {
    paid += payment.amountMinor;
    if (paid >= invoice.totalMinor) return payment.paidAt;
  }
  return undefined;
}

function cancelledBy(invoice: KpiInvoice, day: string, timezone: string): boolean {
  return invoice.cancelledAt !== undefined && dayOf(invoice.cancelledAt, timezone) <= day;
}

/** Payments received in the period, summed by the step they are attributed to. */
export function recoveredByStep(
  invoices: readonly KpiInvoice[],
  period: Period,
): Record<AttributionStep, number> {
  const totals = Object.fromEntries(ATTRIBUTION_STEPS.map((step) => [step, 0])) as Record<
    AttributionStep,
    number
  >;
  for (const invoice of invoices) {
    for (const payment of invoice.payments) {
      if (!inPeriod(dayOf(payment.paidAt, period.timezone), period)) continue;
      totals[attributePayment(payment, invoice.messages)] += payment.amountMinor;
    }
  }
  return totals;
}

/** Whether the invoice was still unpaid (and not cancelled) at the end of its due date. */
function wentPastDue(invoice: KpiInvoice, timezone: string): boolean {
  const paidAt = fullPaymentAt(invoice);
  if (paidAt !== undefined && dayOf(paidAt, timezone) <= invoice.dueDate) return false;
  return !cancelledBy(invoice, invoice.dueDate, timezone);
}

/** Invoices that became overdue in the period: the day after their due date is in it, still unpaid then. */
export function overdueInvoices(invoices: readonly KpiInvoice[], period: Period): number {
  return invoices.filter(
    (invoice) => inPeriod(addDays(invoice.dueDate, 1), period) && wentPastDue(invoice, period.timezone),
  ).length;
}

/** Invoices whose payments covered the total on a day of the period. */
export function paidInvoices(invoices: readonly KpiInvoice[], period: Period): KpiInvoice[] {
  return invoices.filter((invoice) => {
    const paidAt = fullPaymentAt(invoice);
    return paidAt !== undefined && inPeriod(dayOf(paidAt, period.timezone), period);
  });
}

/**
 * Among invoices that went past due unpaid and were closed in the period — fully paid or sent the
 * formal notice, whichever came first — the share fully paid before any formal notice.
 */
export function amicableRate(invoices: readonly KpiInvoice[], period: Period): number | null {
  let closed = 0;
  let amicable = 0;
  for (const invoice of invoices) {
    if (!wentPastDue(invoice, period.timezone)) continue;
    const paidAt = fullPaymentAt(invoice);
    const noticeAt = invoice.messages.find((message) => message.step === 'formal_notice')?.sentAt;
    const paidFirst =
      paidAt !== undefined && (noticeAt === undefined || Date.parse(paidAt) < Date.parse(noticeAt));
    const closedAt = paidFirst ? paidAt : noticeAt;
    if (closedAt === undefined || !inPeriod(dayOf(closedAt, period.timezone), period)) continue;
    if (cancelledBy(invoice, dayOf(closedAt, period.timezone), period.timezone)) continue;
    closed += 1;
    if (paidFirst) amicable += 1;
  }
  return ratio(amicable, closed);
}

/** Mean of (full-payment day − due date) over invoices fully paid in the period; negative = paid early. */
export function averageDaysLateAtPayment(invoices: readonly KpiInvoice[], period: Period): number | null {
  const days = paidInvoices(invoices, period).map((invoice) =>
    daysBetween(invoice.dueDate, dayOf(fullPaymentAt(invoice) as string, period.timezone)),
  );
  if (days.length === 0) return null;
  return roundDays(days.reduce((sum, value) => sum + value, 0) / days.length);
}

/** The unpaid balance at the end of `asOf`: 0 before the issue date, after a cancellation, or once paid. */
export function outstandingAt(invoice: KpiInvoice, asOf: string, timezone: string): number {
  if (invoice.issueDate > asOf || cancelledBy(invoice, asOf, timezone)) return 0;
  const paid = invoice.payments
    .filter((payment) => dayOf(payment.paidAt, timezone) <= asOf)
    .reduce((sum, payment) => sum + payment.amountMinor, 0);
  return Math.max(0, invoice.totalMinor - paid);
}

/** The aging bucket of a number of days past the due date (0 or less: not due yet). */
export function agingBucket(daysPastDue: number): AgingBucket {
  if (daysPastDue <= 0) return 'not_due';
  if (daysPastDue <= 30) return '1-30';
  if (daysPastDue <= 60) return '31-60';
  if (daysPastDue <= 90) return '61-90';
  return '90+';
}

export interface AgingReport {
  readonly asOf: string;
  readonly buckets: { bucket: AgingBucket; count: number; balanceMinor: number }[];
  readonly totalMinor: number;
}

/** Outstanding balances at the end of `asOf`, by how many days past due they are. */
export function aging(invoices: readonly KpiInvoice[], asOf: string, timezone: string): AgingReport {
  const buckets = AGING_BUCKETS.map((bucket) => ({ bucket, count: 0, balanceMinor: 0 }));
  for (const invoice of invoices) {
    const balance = outstandingAt(invoice, asOf, timezone);
    if (balance <= 0) continue;
    const row = buckets[AGING_BUCKETS.indexOf(agingBucket(daysBetween(invoice.dueDate, asOf)))];
    if (!row) continue;
    row.count += 1;
    row.balanceMinor += balance;
  }
  return { asOf, buckets, totalMinor: buckets.reduce((sum, row) => sum + row.balanceMinor, 0) };
}

/** Days sales outstanding at the end of `asOf`: outstanding ÷ invoiced over the last 90 days × 90. */
export function dsoDays(invoices: readonly KpiInvoice[], asOf: string, timezone: string): number | null {
  const windowStart = addDays(asOf, 1 - DSO_WINDOW_DAYS);
  let outstanding = 0;
  let invoiced = 0;
  for (const invoice of invoices) {
    outstanding += outstandingAt(invoice, asOf, timezone);
    if (
      invoice.issueDate >= windowStart &&
      invoice.issueDate <= asOf &&
      !cancelledBy(invoice, asOf, timezone)
    )
      invoiced += invoice.totalMinor;
  }
  if (invoiced === 0) return null;
  return roundDays((outstanding / invoiced) * DSO_WINDOW_DAYS);
}

interface CustomerMessage {
  readonly sentAt: string;
  readonly invoices: KpiInvoice[];
}

/** Customer messages sent in the period, one per SES message id (a message may cover several invoices). */
export function customerMessages(
  invoices: readonly KpiInvoice[],
  period: Period,
): Map<string, CustomerMessage> {
  const messages = new Map<string, CustomerMessage>();
  for (const invoice of invoices) {
    for (const message of invoice.messages) {
      if (!(CUSTOMER_MESSAGE_STEPS as readonly string[]).includes(message.step)) continue;
      if (!inPeriod(dayOf(message.sentAt, period.timezone), period)) continue;
      const entry = messages.get(message.messageId) ?? { sentAt: message.sentAt, invoices: [] };
      entry.invoices.push(invoice);
      messages.set(message.messageId, entry);
    }
  }
  return messages;
}

/** Share of customer messages followed, within 7 days, by a payment or a reply on one of their invoices. */
export function responseRate(invoices: readonly KpiInvoice[], period: Period): number | null {
  const messages = customerMessages(invoices, period);
  let responded = 0;
  for (const { sentAt, invoices: covered } of messages.values()) {
    const start = Date.parse(sentAt);
    const end = start + RESPONSE_WINDOW_DAYS * DAY_MS;
    const within = (instant: string) => Date.parse(instant) > start && Date.parse(instant) <= end;
    if (covered.some((i) => i.payments.some((p) => within(p.paidAt)) || i.repliedAt.some(within)))
      responded += 1;
  }
  return ratio(responded, messages.size);
}

/** Hard bounces and complaints per customer message sent in the period. */
export function deliverability(
  invoices: readonly KpiInvoice[],
  period: Period,
): { messages: number; bounceRate: number | null; complaintRate: number | null } {
  const messages = customerMessages(invoices, period);
  let bounced = 0;
  let complained = 0;
  for (const [messageId, { invoices: covered }] of messages) {
    if (covered.some((invoice) => invoice.bouncedMessageIds.includes(messageId))) bounced += 1;
    if (covered.some((invoice) => invoice.complainedMessageIds.includes(messageId))) complained += 1;
  }
  return {
    messages: messages.size,
    bounceRate: ratio(bounced, messages.size),
    complaintRate: ratio(complained, messages.size),
  };
}

export interface Summary {
  readonly invoicesRegistered: number;
  readonly overdueInvoices: number;
  readonly paidInvoices: number;
  readonly recoveredMinor: number;
  readonly recoveredByStep: Record<AttributionStep, number>;
  readonly amicableRate: number | null;
  readonly averageDaysLateAtPayment: number | null;
  readonly dsoDays: number | null;
  readonly responseRate: number | null;
  readonly bounceRate: number | null;
  readonly complaintRate: number | null;
}

/** Every KPI of the summary report for one seller and one currency over a period. */
export function summarize(invoices: readonly KpiInvoice[], period: Period): Summary {
  const byStep = recoveredByStep(invoices, period);
  const { bounceRate, complaintRate } = deliverability(invoices, period);
  return {
    invoicesRegistered: invoices.filter((i) => inPeriod(dayOf(i.registeredAt, period.timezone), period))
      .length,
    overdueInvoices: overdueInvoices(invoices, period),
    paidInvoices: paidInvoices(invoices, period).length,
    recoveredMinor: Object.values(byStep).reduce((sum, value) => sum + value, 0),
    recoveredByStep: byStep,
    amicableRate: amicableRate(invoices, period),
    averageDaysLateAtPayment: averageDaysLateAtPayment(invoices, period),
    dsoDays: dsoDays(invoices, period.to, period.timezone),
    responseRate: responseRate(invoices, period),
    bounceRate,
    complaintRate,
  };
}
