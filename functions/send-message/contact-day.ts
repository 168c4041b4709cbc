import { judgeClaim } from '../core/claims';
import {
  type ConsolidatedStep,
  CUSTOMER_ALREADY_CONTACTED,
  isConsolidatedStep,
  joiningInvoices,
  memberKey,
  nextContactDay,
  takesContactDay,
} from '../core/consolidation';
import { localDate } from '../core/dates';
import type { Seller } from '../core/schemas';
import { sendSlot } from '../core/spread';
import type { MessageStep } from '../core/steps';
import { logger } from '../shared/logger';
import type { ClaimKey, InvoiceRecord, StepClaim, Store } from '../shared/store';
import { type ContactDayRef, ContactDayStore } from '../shared/store-contacts';
import { SendInProgressError } from '../shared/workflow-errors';
import { type SenderRuntime, sendingKey } from './claims';

/**
 * Loaded on first use (BaseFunction `lazyModules`): only customer reminders (installment reminders
 * included) and formal notices take a contact day, and the send function's bundle stays under its size
 * limit.
 *
 * The contact day in front of the send claim (docs/domain.md "One message per customer and day").
 * Before claiming its own step, a customer message takes the day of its address; that one conditional
 * write elects, among all the customer's executions waking at the same minute, the one that writes the
 * day's email (the lead), with the invoices that join it. The others find the day taken:
 * - listed in it: the lead is sending their step for them, so they wait for its outcome (their own
 *   claim then says `sent`, consolidated) — or, if the lead died, move to the next business day;
 * - not listed: another message went to the address today, so they move to the next business day.
 */
export type ContactGate =
  | { readonly kind: 'open' }
  | {
      readonly kind: 'lead';
      readonly ref: ContactDayRef;
      readonly lead: string;
      /** Other invoices whose step this email covers (claimed by the lead after its own). */
      readonly joining: readonly { readonly invoiceId: string; readonly step: ConsolidatedStep }[];
    }
  | { readonly kind: 'postponed'; readonly at: string };

export interface ContactDeps {
  readonly store: Store;
  readonly runtime: SenderRuntime;
}

export async function openContactDay(
  deps: ContactDeps,
  invoice: InvoiceRecord,
  seller: Seller,
  step: MessageStep,
  now: Date,
  // The step's claim key: an installment reminder is one of several of its invoice (per installment).
  key: ClaimKey = step,
): Promise<ContactGate> {
  const own = (invoice.steps as Partial<Record<ClaimKey, StepClaim>> | undefined)?.[key];
  // Steps that do not count, addresses that bounced and steps already claimed go the usual way.
  if (!takesContactDay(step) || invoice.flags?.undeliverable || (own && own.state !== 'released'))
    return { kind: 'open' };
  const contacts = new ContactDayStore(deps.store.tableName);
  const today = localDate(now, seller.sendWindow);
  const ref: ContactDayRef = { sellerId: invoice.sellerId, address: invoice.customer.email, day: today };
  const lead = memberKey(invoice.invoiceId, key);
  const joining =
    seller.consolidate !== false && isConsolidatedStep(step)
      ? joiningInvoices(
          { invoiceId: invoice.invoiceId, customerEmail: invoice.customer.email, currency: invoice.currency },
          (await deps.store.customerInvoiceRecords(invoice.sellerId, invoice.customer.id)).map((other) => ({
            invoiceId: other.invoiceId,
            status: other.status,
            balanceMinor: other.balanceMinor,
            currency: other.currency,
            customerEmail: other.customer.email,
            undeliverable: other.flags?.undeliverable !== undefined,
            schedule: other.schedule ?? [],
            claimed: Object.entries(other.steps ?? {})
              .filter(([, claim]) => claim?.state !== 'released')
              .map(([claimed]) => claimed),
          })),
          today,
          seller.sendWindow,
        )
      : [];
  const owner = {
    claimedAt: now.toISOString(),
    claimedBy: deps.runtime.id,
    claimedAtWallMs: deps.runtime.wallNowMs(),
  };
  const members = [lead, ...joining.map((other) => memberKey(other.invoiceId, other.step))];
  if (await contacts.take(ref, { ...owner, lead, members })) return { kind: 'lead', ref, lead, joining };

  const day = await contacts.get(ref);
  // Released between the two reads: the state machine retries, and the retry takes it.
  if (!day) throw new SendInProgressError(invoice.invoiceId, step);
  if (day.lead === lead) {
    // This send took the day earlier and was retried: it is still the lead, for the invoices it listed.
    return { kind: 'lead', ref, lead, joining: parseMembers(day.members.slice(1)) };
  }
  if (day.members.includes(lead)) {
    const current = await deps.store.getInvoice(invoice.invoiceId);
    // The lead has claimed this step: the usual claim path reports its outcome (sent, or in flight).
    if (current?.steps?.[step] && current.steps[step]?.state !== 'released') return { kind: 'open' };
    const [leadInvoice, leadStep] = day.lead.split('#') as [string, ClaimKey];
    const verdict = judgeClaim(day, {
      runtimeId: deps.runtime.id,
      sendingHere: deps.runtime.sending.has(sendingKey(leadInvoice, leadStep)),
      wallNowMs: deps.runtime.wallNowMs(),
      maxSendMs: deps.runtime.maxSendMs,
      soleSender: deps.runtime.soleSender,
    });
    // The lead has not reached this invoice yet: wait for it.
    if (day.state === 'claimed' && verdict === 'in_flight')
      throw new SendInProgressError(invoice.invoiceId, step);
  }
  return { kind: 'postponed', at: await postpone(deps.store, invoice, seller, { step, key }, today, now) };
}

/** Nothing went out: the day is free again for another message. */
export async function releaseContactDay(
  store: Store,
  contact: { readonly ref: ContactDayRef; readonly lead: string },
): Promise<void> {
  await new ContactDayStore(store.tableName).release(contact.ref, contact.lead);
}

/** The email went out: the day records its message id and every invoice it covered. */
export async function markContactDaySent(
  store: Store,
  contact: { readonly ref: ContactDayRef; readonly lead: string },
  messageId: string,
  members: readonly string[],
): Promise<void> {
  await new ContactDayStore(store.tableName).markSent(contact.ref, contact.lead, messageId, members);
}

function parseMembers(members: readonly string[]) {
  return members.flatMap((member) => {
    const [invoiceId, step] = member.split('#');
    return invoiceId && step && isConsolidatedStep(step) ? [{ invoiceId, step }] : [];
  });
}

/**
 * Moves the step to the customer's minute of the next business day, in the timeline and where the view
 * reads it: the schedule for the cadence's steps, the plan for an installment reminder.
 */
async function postpone(
  store: Store,
  invoice: InvoiceRecord,
  seller: Seller,
  { step, key }: { readonly step: MessageStep; readonly key: ClaimKey },
  today: string,
  now: Date,
): Promise<string> {
  const slot = sendSlot(seller.sendWindow, { sellerId: invoice.sellerId, customerId: invoice.customer.id });
  const at = nextContactDay(today, slot).toISOString();
  if (step === 'installment_reminder') {
    await new ContactDayStore(store.tableName).postponeInstallmentReminder(invoice.invoiceId, {
      key,
      at,
      reason: CUSTOMER_ALREADY_CONTACTED,
    });
  } else {
    const index = (invoice.schedule ?? []).findIndex((entry) => entry.step === step);
    const entry = invoice.schedule?.[index];
    if (entry)
      await store.replanStep(invoice.invoiceId, { ...entry, at, reason: CUSTOMER_ALREADY_CONTACTED }, index);
  }
  await store.appendEvent(invoice.invoiceId, {
    at: now.toISOString(),
    type: 'step_postponed',
    step,
    ...(key !== step ? { key } : {}),
    to: at,
    reason: CUSTOMER_ALREADY_CONTACTED,
  });
  logger.info('Step moved: the customer already got a message today', { invoiceId: invoice.invoiceId, step });
  return at;
}
