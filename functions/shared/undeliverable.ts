import { localDate } from '../core/dates';
import { isClosed } from '../core/lifecycle';
import type { Seller } from '../core/schemas';
import { MESSAGE_STEPS, type MessageStep } from '../core/steps';
import { hitsCustomerAddress, UNDELIVERABLE, type UndeliverableCause } from '../core/undeliverable';
import { alertSellerOnce, type SellerAlertDeps, undeliverableAlertKey } from './seller-alerts';
import type { InvoiceRecord, Store, UndeliverableRecord } from './store';

/** The store methods the undeliverable-address rules use, besides the alert's. */
export interface UndeliverableDeps extends Omit<SellerAlertDeps, 'store'> {
  readonly store: SellerAlertDeps['store'] &
    Pick<Store, 'getInvoice' | 'getSeller' | 'flagUndeliverable' | 'replanStep' | 'appendEvent'>;
}

/** What an SES event told about one message of an invoice. */
export interface DeliveryFailure {
  readonly cause: UndeliverableCause;
  readonly at: string;
  readonly messageId: string;
  /** The `step` tag of the message. */
  readonly step?: string;
  /** The addresses the event names (bounced or complained recipients). */
  readonly recipients?: readonly string[];
}

/**
 * Flags the invoice `undeliverable` when SES gave up on the customer's current address, and tells the
 * seller's contact once per address. The flag is written only while the customer still has that address
 * (a late bounce of the old address never blocks a fixed one). Paid and cancelled invoices keep the flag
 * but alert nobody: there is nothing left to send.
 */
export async function recordDeliveryFailure(
  deps: UndeliverableDeps,
  invoiceId: string,
  failure: DeliveryFailure,
): Promise<'flagged' | 'not_customer' | 'missing'> {
  const { store } = deps;
  const invoice = await store.getInvoice(invoiceId);
  if (!invoice) return 'missing';
  if (!hitsCustomerAddress(invoice.customer.email, failure.recipients, failure.step)) return 'not_customer';
  const record: UndeliverableRecord = {
    address: invoice.customer.email,
    cause: failure.cause,
    at: failure.at,
    messageId: failure.messageId,
    ...(failure.step ? { step: failure.step } : {}),
  };
  let current = await store.flagUndeliverable(invoiceId, record);
  if (current) {
    await store.appendEvent(invoiceId, {
      at: failure.at,
      type: 'customer_address_undeliverable',
      cause: failure.cause,
      ...(failure.step ? { step: failure.step } : {}),
      messageId: failure.messageId,
    });
  } else {
    // Already flagged (a second event, or a retry whose alert failed) or the address changed meanwhile.
    current = (await store.getInvoice(invoiceId)) ?? invoice;
    if (!current.undeliverable || current.customer.email !== invoice.customer.email) return 'flagged';
  }
  if (isClosed(current.status)) return 'flagged';
  const seller = (await store.getSeller(current.sellerId))?.profile;
  if (seller) await alertUndeliverable(deps, current, seller);
  return 'flagged';
}

/** The once-per-address alert about an undeliverable customer address (a retry finds it already sent). */
export async function alertUndeliverable(
  deps: UndeliverableDeps,
  invoice: InvoiceRecord,
  seller: Seller,
): Promise<void> {
  const flagged = invoice.undeliverable;
  if (!flagged) return;
  const step = (MESSAGE_STEPS as readonly string[]).includes(flagged.step ?? '')
    ? (flagged.step as MessageStep)
    : undefined;
  await alertSellerOnce(
    deps,
    invoice,
    seller,
    {
      kind: 'undeliverable',
      address: flagged.address,
      cause: flagged.cause,
      on: localDate(new Date(flagged.at), seller.sendWindow),
      ...(step ? { step } : {}),
    },
    undeliverableAlertKey(flagged.address),
  );
}

/**
 * A customer step met an undeliverable address: it is skipped, in the schedule (the formal notice takes
 * its escalation along: no notice, no deadline to escalate after) and in the timeline. The seller's
 * alert is tried again here in case the first attempt failed.
 */
export async function skipUndeliverableStep(
  deps: UndeliverableDeps,
  invoice: InvoiceRecord,
  seller: Seller,
  step: MessageStep,
): Promise<void> {
  const { store } = deps;
  const skipped = new Set<string>([step, ...(step === 'formal_notice' ? ['escalation'] : [])]);
  const schedule = invoice.schedule ?? [];
  for (const [index, entry] of schedule.entries()) {
    if (!skipped.has(entry.step) || entry.state !== 'planned' || invoice.steps?.[entry.step]) continue;
    await store.replanStep(invoice.invoiceId, { ...entry, state: 'skipped', reason: UNDELIVERABLE }, index);
  }
  await store.appendEvent(invoice.invoiceId, {
    at: deps.now().toISOString(),
    type: 'step_skipped',
    step,
    reason: UNDELIVERABLE,
  });
  // A paid invoice's thank-you needs no fix: only open invoices retry the alert.
  if (step !== 'thank_you') await alertUndeliverable(deps, invoice, seller);
}
