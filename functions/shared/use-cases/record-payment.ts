import { DEFAULT_SEND_WINDOW } from '../../core/calendar';
import { localDate } from '../../core/dates';
import { ConflictError, InvalidRequestError } from '../../core/errors';
import { executionNames } from '../../core/ids';
import type { Seller } from '../../core/schemas';
import { extrasDue } from '../../core/statement';
import type { ExecutionsPort } from '../executions';
import { recordPaymentMetrics, recordSettlementMetrics } from '../finance-metrics';
import { type InvoiceView, toInvoiceView } from '../invoice-view';
import { statementFor } from '../statements';
import type { InvoiceRecord, PaymentEntry, Store } from '../store';
import { requireInvoice, requireSeller } from './lookups';

/** The store methods payments and settlement call (their port). */
export type PaymentStore = Pick<
  Store,
  'getInvoice' | 'getSeller' | 'recordPayment' | 'markPaid' | 'setFlag' | 'clearFlag' | 'appendEvent'
>;

export interface PaymentDeps {
  readonly store: PaymentStore;
  readonly executions: ExecutionsPort;
  readonly now: () => Date;
}

/** A payment as the API and the webhooks hand it over. */
export interface IncomingPayment {
  readonly paymentId: string;
  readonly amountMinor: number;
  readonly paidAt?: string;
  readonly method?: string;
  readonly currency?: string;
  /** The webhook delivery's event id: recorded with the payment so a replay changes nothing. */
  readonly eventId?: string;
}

/**
 * Applies a payment at most once and, when it settles the invoice, marks it paid, stops its
 * execution and starts the single thank-you. One conditional write records the payment, its
 * paymentId and (webhooks) the delivery's eventId: a replayed event or a known payment changes
 * nothing, and a known paymentId with another amount is a `ConflictError`.
 */
export async function recordPayment(
  deps: PaymentDeps,
  invoiceId: string,
  payment: IncomingPayment,
  source: PaymentEntry['source'],
): Promise<{ applied: boolean; view: InvoiceView }> {
  const { store } = deps;
  const record = await requireInvoice(store, invoiceId);
  if (payment.currency !== undefined && payment.currency !== record.currency) {
    throw new InvalidRequestError('The payment currency differs from the invoice currency.', [
      { path: 'currency', message: `must be ${record.currency}` },
    ]);
  }
  const now = deps.now().toISOString();
  const entry: PaymentEntry = {
    amountMinor: payment.amountMinor,
    paidAt: payment.paidAt ? new Date(payment.paidAt).toISOString() : now,
    ...(payment.method ? { method: payment.method } : {}),
    source,
    recordedAt: now,
  };
  // One attribute per delivered webhook event, on the invoice item: written with the payment.
  const delivery = payment.eventId ? `delivery#${source}#${payment.eventId}` : undefined;
  const applied = await store.recordPayment(invoiceId, payment.paymentId, entry, delivery);
  if (!applied) {
    const known = (await requireInvoice(store, invoiceId)).payments?.[payment.paymentId];
    if (known && known.amountMinor !== payment.amountMinor) {
      throw new ConflictError(
        `Payment ${payment.paymentId} is already recorded with another amount (${known.amountMinor}).`,
      );
    }
  }
  if (applied) {
    recordPaymentMetrics(record, entry);
    await store.appendEvent(invoiceId, {
      at: now,
      type: 'payment_received',
      paymentId: payment.paymentId,
      amountMinor: payment.amountMinor,
      paidAt: entry.paidAt,
      source,
    });
  }
  // Run the settlement even for a duplicate: an earlier delivery may have died before it.
  return { applied, view: toInvoiceView(await settleIfPaid(deps, invoiceId)) };
}

/** Marks a settled invoice paid (once) and returns the invoice as it now stands. */
async function settleIfPaid(deps: PaymentDeps, invoiceId: string): Promise<InvoiceRecord> {
  const { store } = deps;
  const record = await requireInvoice(store, invoiceId);
  const now = deps.now().toISOString();
  if (record.status === 'cancelled') {
    if (Object.keys(record.payments ?? {}).length > 0 && !record.flags?.payment_after_cancellation) {
      return store.setFlag(invoiceId, 'payment_after_cancellation', now);
    }
    return record;
  }
  if (record.balanceMinor > 0) return record;
  const seller = await requireSeller(store, record.sellerId);
  const extras = extrasAfterPrincipal(record, seller, deps.now());
  if (record.status === 'paid') {
    await sendThanks(deps, record);
    return settleExtrasIfPaid(deps, record, extras.totalMinor);
  }
  // Penalties and the indemnity still owed once the principal is paid: waived, or claimed (docs/domain.md).
  const claim = seller.afterPrincipalPaid === 'claim' && extras.totalMinor > 0;
  const settled = await store.markPaid(record, now, {
    overpaid: record.balanceMinor < 0,
    penaltiesDue: claim,
  });
  // Another delivery settled it (or a cancellation won) in between: report what is stored.
  if (!settled) return requireInvoice(store, invoiceId);
  await store.appendEvent(invoiceId, {
    at: now,
    type: 'invoice_paid',
    paidMinor: record.paidMinor,
    ...(record.balanceMinor < 0 ? { overpaidMinor: -record.balanceMinor } : {}),
  });
  if (extras.totalMinor > 0) {
    await store.appendEvent(invoiceId, {
      at: now,
      type: claim ? 'penalties_due' : 'penalties_waived',
      ...extras,
    });
  }
  recordSettlementMetrics(settled, seller.sendWindow?.timezone ?? DEFAULT_SEND_WINDOW.timezone);
  await deps.executions.stop(record.executionName, 'Invoice paid');
  await sendThanks(deps, record);
  return settled;
}

/** In claim mode, later payments that cover the penalties and the indemnity clear `penalties_due`. */
async function settleExtrasIfPaid(
  deps: PaymentDeps,
  record: InvoiceRecord,
  extrasMinor: number,
): Promise<InvoiceRecord> {
  if (!record.flags?.penalties_due || record.paidMinor - record.totalMinor < extrasMinor) return record;
  const updated = await deps.store.clearFlag(record.invoiceId, 'penalties_due');
  await deps.store.appendEvent(record.invoiceId, {
    at: deps.now().toISOString(),
    type: 'penalties_paid',
    amountMinor: extrasMinor,
  });
  return updated;
}

/** The thank-you runs as its own short execution; its name makes a second start a no-op. */
async function sendThanks(deps: PaymentDeps, record: InvoiceRecord): Promise<void> {
  if (record.steps?.thank_you) return;
  await deps.executions.start(executionNames.thankYou(record.invoiceId), {
    invoiceId: record.invoiceId,
    mode: 'thank_you',
  });
}

/** What is owed beyond the principal once it is paid: penalties, indemnity, consumer legal interest. */
function extrasAfterPrincipal(
  record: InvoiceRecord,
  seller: Seller,
  now: Date,
): {
  penaltiesMinor: number;
  recoveryIndemnityMinor: number;
  legalInterestMinor: number;
  totalMinor: number;
} {
  const statement = statementFor(record, seller, localDate(now, seller.sendWindow));
  return {
    penaltiesMinor: statement.penaltiesMinor,
    recoveryIndemnityMinor: statement.recoveryIndemnityMinor,
    legalInterestMinor: statement.legalInterestMinor,
    totalMinor: extrasDue(statement),
  };
}
