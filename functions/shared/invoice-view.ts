import { DEFAULT_SEND_WINDOW } from '../core/calendar';
import { localDate } from '../core/dates';
import type { FacturXProfile } from '../core/facturx/cii';
import type { InvoiceSummary } from '../core/invoice-summary';
import { stoppedReason as stoppedReasonOf } from '../core/lifecycle';
import { limitationDate } from '../core/limitation';
import {
  allocateInstallments,
  type InstallmentView,
  type PaymentPlan,
  type PlanReminderView,
  planReminders,
} from '../core/payment-plan';
import type { Statement } from '../core/statement';
import type { MessageStep } from '../core/steps';
import { isCustomerStep, UNDELIVERABLE } from '../core/undeliverable';
import { now } from './clock';
import type { InvoiceEvent, InvoiceRecord, InvoiceStatus, PaymentEntry, PenaltyTerms } from './store';

/*
 * The public view of an invoice (the API's `Invoice` schema), built from its item: what every use case
 * answers and what the listing shows.
 */

export interface ScheduleView {
  readonly step: MessageStep;
  readonly at: string;
  readonly state: 'planned' | 'sent' | 'skipped' | 'cancelled';
  readonly reason?: string;
  readonly messageId?: string;
  /** Sent in one email with the customer's other invoices (the same `messageId` on each). */
  readonly consolidated?: boolean;
  /** What SES reported for this message: delivered to the recipient's server, bounced or complained. */
  readonly delivery?: MessageDelivery;
  /** Formal notice: the payment deadline it gives or gave. */
  readonly deadline?: string;
}

export interface MessageDelivery {
  readonly state: 'delivered' | 'bounced' | 'complained';
  readonly at: string;
}

export interface RegisteredLetterView {
  readonly provider: string;
  readonly state: 'posting' | 'sent' | 'delivered' | 'returned' | 'failed';
  readonly trackingNumber?: string;
  readonly sentAt?: string;
  readonly deliveredAt?: string;
  readonly returnedAt?: string;
  readonly lastStatus?: { readonly code?: string; readonly label?: string; readonly at?: string };
  /** The provider's proof (signed receipt or return) is kept and is in the evidence bundle. */
  readonly proofAvailable: boolean;
  readonly error?: string;
}

export interface InvoiceView extends InvoiceSummary {
  readonly sellerId: string;
  readonly status: InvoiceStatus;
  readonly flags: string[];
  /** Last day to bring the claim to court (5 years business, 2 years consumer, from the due date). */
  readonly limitationDate: string;
  readonly customer: InvoiceRecord['customer'];
  readonly paymentLink?: string;
  readonly purchaseOrder?: string;
  readonly registeredAt: string;
  readonly schedule: ScheduleView[];
  readonly payments: ({ paymentId: string } & PaymentEntry)[];
  readonly pause?: InvoiceRecord['pause'];
  readonly cancellation?: InvoiceRecord['cancellation'];
  /** The formal notice's registered letter, when a postal provider posted it. */
  readonly registeredLetter?: RegisteredLetterView;
  readonly penaltyTerms?: PenaltyTerms;
  readonly undeliverable?: InvoiceRecord['undeliverable'];
  readonly source: 'factur-x' | 'json';
  readonly facturX?: { readonly profile: FacturXProfile };
  readonly events?: InvoiceEvent[];
  readonly statement?: Statement;
  /** The payment plan, if one was agreed: installments with what payments cover (in order) and state. */
  readonly plan?: {
    readonly state: PaymentPlan['state'] | 'completed';
    readonly agreedAt: string;
    readonly note?: string;
    readonly installments: Omit<InstallmentView, 'number'>[];
    readonly reminders: PlanReminderView[];
  };
}

/** Builds the public view of an invoice (the API's `Invoice` schema) from its item. */
export function toInvoiceView(record: InvoiceRecord): InvoiceView {
  const stoppedReason = stoppedReasonOf(record.status);
  // Customer steps (and an escalation whose notice cannot go) will be skipped until the address is fixed.
  const undeliverable = record.flags?.undeliverable !== undefined;
  const schedule: ScheduleView[] = (record.schedule ?? []).map((entry) => {
    const claim = record.steps?.[entry.step];
    if (claim?.state === 'sent') {
      const deadline = entry.step === 'formal_notice' ? (record.noticeDeadline ?? entry.deadline) : undefined;
      return {
        step: entry.step,
        at: claim.sentAt ?? entry.at,
        state: 'sent',
        messageId: claim.messageId,
        ...(claim.consolidated ? { consolidated: true } : {}),
        ...(deadline ? { deadline } : {}),
      };
    }
    if (claim?.state === 'unknown') {
      return { step: entry.step, at: claim.claimedAt, state: 'skipped', reason: 'send_outcome_unknown' };
    }
    if (entry.state === 'skipped')
      return { step: entry.step, at: entry.at, state: 'skipped', reason: entry.reason };
    if (stoppedReason && !claim)
      return { step: entry.step, at: entry.at, state: 'cancelled', reason: stoppedReason };
    if (undeliverable && !claim && (isCustomerStep(entry.step) || !record.steps?.formal_notice))
      return { step: entry.step, at: entry.at, state: 'skipped', reason: UNDELIVERABLE };
    return {
      step: entry.step,
      at: entry.at,
      state: 'planned',
      // Moved to a later business day (customer_already_contacted).
      ...(entry.reason ? { reason: entry.reason } : {}),
      ...(entry.deadline ? { deadline: entry.deadline } : {}),
    };
  });
  const thanks = record.steps?.thank_you;
  if (thanks?.state === 'sent') {
    schedule.push({
      step: 'thank_you',
      at: thanks.sentAt ?? thanks.claimedAt,
      state: 'sent',
      messageId: thanks.messageId,
    });
  }
  return {
    invoiceId: record.invoiceId,
    sellerId: record.sellerId,
    number: record.number,
    status: record.status,
    flags: Object.keys(record.flags ?? {}).sort(),
    currency: record.currency,
    totalMinor: record.totalMinor,
    paidMinor: record.paidMinor,
    balanceMinor: record.balanceMinor,
    issueDate: record.issueDate,
    dueDate: record.dueDate,
    limitationDate: limitationDate(record.customer.type, record.dueDate),
    customer: record.customer,
    ...(record.paymentLink ? { paymentLink: record.paymentLink } : {}),
    ...(record.purchaseOrder ? { purchaseOrder: record.purchaseOrder } : {}),
    registeredAt: record.registeredAt,
    schedule,
    payments: Object.entries(record.payments ?? {})
      .map(([paymentId, payment]) => ({ paymentId, ...payment }))
      .sort((a, b) => a.paidAt.localeCompare(b.paidAt)),
    ...(record.pause ? { pause: record.pause } : {}),
    ...(record.cancellation ? { cancellation: record.cancellation } : {}),
    ...(record.postal ? { registeredLetter: registeredLetterView(record.postal) } : {}),
    ...(record.penaltyTerms ? { penaltyTerms: record.penaltyTerms } : {}),
    ...(record.undeliverable ? { undeliverable: record.undeliverable } : {}),
    source: record.source ?? 'json',
    ...(record.facturX ? { facturX: record.facturX } : {}),
    ...(record.plan ? { plan: planView(record, record.plan) } : {}),
  };
}

function planView(record: InvoiceRecord, plan: PaymentPlan): NonNullable<InvoiceView['plan']> {
  const today = localDate(now(), DEFAULT_SEND_WINDOW);
  const running = { paidMinor: record.paidMinor, running: record.status === 'payment_plan', today };
  return {
    state: plan.state === 'active' && record.status === 'paid' ? 'completed' : plan.state,
    agreedAt: plan.agreedAt,
    ...(plan.note ? { note: plan.note } : {}),
    installments: allocateInstallments(plan, record.paidMinor, today).map(({ number: _n, ...rest }) => rest),
    reminders: planReminders(plan, record.steps ?? {}, running, DEFAULT_SEND_WINDOW),
  };
}

function registeredLetterView(postal: NonNullable<InvoiceRecord['postal']>): RegisteredLetterView {
  return {
    provider: postal.provider,
    state: postal.state,
    ...(postal.trackingNumber ? { trackingNumber: postal.trackingNumber } : {}),
    ...(postal.sentAt ? { sentAt: postal.sentAt } : {}),
    ...(postal.settledAt && postal.state === 'delivered' ? { deliveredAt: postal.settledAt } : {}),
    ...(postal.settledAt && postal.state === 'returned' ? { returnedAt: postal.settledAt } : {}),
    ...(postal.lastStatus ? { lastStatus: postal.lastStatus } : {}),
    proofAvailable: postal.proofKey !== undefined,
    ...(postal.error ? { error: postal.error } : {}),
  };
}

/**
 * The SES outcome of each message id, from the recorded SES events: a bounce or complaint wins over a
 * delivery (an address that complained is not a proof of reading), otherwise the first delivery.
 */
export function deliveriesByMessage(events: readonly InvoiceEvent[]): Map<string, MessageDelivery> {
  const result = new Map<string, MessageDelivery>();
  const states: Record<string, MessageDelivery['state']> = {
    email_delivery: 'delivered',
    email_bounce: 'bounced',
    email_complaint: 'complained',
  };
  for (const event of events) {
    const state = states[event.type];
    const messageId = typeof event.messageId === 'string' ? event.messageId : undefined;
    if (!state || !messageId) continue;
    const known = result.get(messageId);
    if (known && (known.state !== 'delivered' || state === 'delivered')) continue;
    result.set(messageId, { state, at: event.at });
  }
  return result;
}
