import { daysBetween, localDate } from './dates';
import type { MessageStep } from './steps';
import type { PaymentHistoryEntry } from './tone';

/**
 * The invoice lifecycle (docs/domain.md, "Invoice lifecycle"): its statuses, which of them stop the
 * dunning, the status the cadence has reached, and what each status allows. Pure: the store, the
 * handlers, the OpenAPI document and the state machine's Choice states all read these.
 */
export const INVOICE_STATUSES = [
  'scheduled',
  'in_progress',
  'paused',
  'paid',
  'formal_notice_sent',
  'escalated',
  'cancelled',
  'payment_plan',
] as const;

export type InvoiceStatus = (typeof INVOICE_STATUSES)[number];

/** Statuses in which no reminder of the cadence may go out (the send claim re-checks them in the same write). */
export const STOPPED_STATUSES = ['paid', 'paused', 'cancelled'] as const satisfies readonly InvoiceStatus[];

/** Statuses whose dunning is over for good: nothing more to pause, cancel or re-address. */
export const CLOSED_STATUSES = ['paid', 'cancelled'] as const satisfies readonly InvoiceStatus[];

/** Fully paid: the status that leads to the thank-you. */
export const SETTLED_STATUS = 'paid' satisfies InvoiceStatus;

/**
 * Statuses at which a running cadence execution ends without sending (its payment check before each
 * step). `paid` is not among them: it leads to the thank-you instead.
 */
export const HALTING_STATUSES = ['paused', 'cancelled'] as const satisfies readonly InvoiceStatus[];

/** Statuses in which the cadence's own reminders stay silent: the stopped ones, and a running payment plan. */
export const CADENCE_SILENT_STATUSES = [
  ...STOPPED_STATUSES,
  'payment_plan',
] as const satisfies readonly InvoiceStatus[];

/** The part of a step claim the lifecycle reads. */
export interface StepProgress {
  readonly state: string;
}

/**
 * The status the cadence has reached, from the messages actually sent (a claim that is in flight,
 * released or of unknown outcome does not count): the escalation, else the formal notice, else any
 * reminder after the due date makes it `in_progress`; before that it is `scheduled`. The courtesy
 * reminder does not count: it is sent before the due date, when nothing is late yet. The send function
 * (after each message), the resume of a pause and the end of a broken payment plan all use this one
 * rule.
 */
export function statusAfter(
  steps: Readonly<Partial<Record<string, StepProgress>>> | undefined,
): InvoiceStatus {
  const sent = (step: MessageStep) => steps?.[step]?.state === 'sent';
  if (sent('escalation')) return 'escalated';
  if (sent('formal_notice')) return 'formal_notice_sent';
  if (sent('first_reminder') || sent('second_reminder')) return 'in_progress';
  return 'scheduled';
}

/** True when the status belongs to the cadence (not stopped, not under a payment plan). */
export function isCadenceStatus(status: InvoiceStatus): boolean {
  return !(CADENCE_SILENT_STATUSES as readonly InvoiceStatus[]).includes(status);
}

/** Paid or cancelled: the dunning is over (no pause, no new address, no customer answer). */
export function isClosed(status: InvoiceStatus): boolean {
  return (CLOSED_STATUSES as readonly InvoiceStatus[]).includes(status);
}

/** A pause is refused once the invoice is paid or cancelled. */
export function canPause(status: InvoiceStatus): boolean {
  return !isClosed(status);
}

/** Only a paused invoice resumes. */
export function canResume(status: InvoiceStatus): boolean {
  return status === 'paused';
}

/** A paid invoice cannot be cancelled (cancelling a cancelled one is a no-op, decided by the caller). */
export function canCancel(status: InvoiceStatus): boolean {
  return !isClosed(status);
}

/**
 * Whether the invoice's status lets this message go out: the thank-you once paid, an installment
 * reminder while a payment plan runs, a cadence step while the cadence runs. The claim's conditional
 * write states the same rule for DynamoDB (functions/shared/store.ts).
 */
export function canSend(step: MessageStep, status: InvoiceStatus): boolean {
  if (step === 'thank_you') return status === 'paid';
  if (step === 'installment_reminder') return status === 'payment_plan';
  return isCadenceStatus(status);
}

/** Why the dunning of an invoice does not run, as the API's schedule view shows it. */
export function stoppedReason(
  status: InvoiceStatus,
): 'paid' | 'invoice_cancelled' | 'paused' | 'payment_plan' | undefined {
  switch (status) {
    case 'paid':
      return 'paid';
    case 'cancelled':
      return 'invoice_cancelled';
    case 'paused':
    case 'payment_plan':
      return status;
    default:
      return undefined;
  }
}

/** One other invoice of the same customer, as the payer history reads it. */
export interface CustomerInvoice {
  readonly invoiceId: string;
  readonly dueDate: string;
  readonly status: InvoiceStatus;
  readonly paidAt?: string;
}

/**
 * The customer's payment history for the payer profile (docs/domain.md, "Payer profile"): every other
 * invoice of the same customer except cancelled ones; a paid one counts the days from its due date to
 * its payment (in the seller's time zone), an unpaid one the days late so far.
 */
export function paymentHistory(
  invoices: readonly CustomerInvoice[],
  self: string,
  today: string,
  window: { readonly timezone: string },
): PaymentHistoryEntry[] {
  return invoices
    .filter((other) => other.invoiceId !== self && other.status !== 'cancelled')
    .map((other) => {
      const settled = other.status === 'paid';
      const until = settled && other.paidAt ? localDate(new Date(other.paidAt), window) : today;
      return { settled, daysLate: daysBetween(other.dueDate, until) };
    });
}

/**
 * The status a paused invoice goes back to: a running payment plan's, otherwise what the cadence had
 * reached (`statusAfter`), so pausing and resuming never moves an invoice along the cadence.
 */
export function resumedStatus(invoice: {
  readonly steps?: Readonly<Partial<Record<string, StepProgress>>>;
  readonly plan?: { readonly state: string };
}): InvoiceStatus {
  return invoice.plan?.state === 'active' ? 'payment_plan' : statusAfter(invoice.steps);
}
