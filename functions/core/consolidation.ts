import { addDays, localDate, type SendWindow, sendingDayOnOrAfter, windowOpening } from './calendar';
import { canSend, type InvoiceStatus } from './lifecycle';
import type { MessageStep } from './steps';

/**
 * One customer, one message (docs/domain.md "One message per customer and day").
 *
 * - Consolidation: when a reminder (courtesy, first or second) goes out, the same customer's other open
 *   invoices of the same seller whose own reminder is planned on the same business day join it: one email
 *   lists them all, with every invoice PDF attached, in the firmest wording among their steps. Formal
 *   notices never join: each stays a letter of its own about one claim.
 * - The contact day: whatever the consolidation, one customer address receives at most one customer
 *   message per business day from one seller (the thank-you excepted: it answers a payment). A later
 *   message moves to the next business day with reason `customer_already_contacted`.
 */

/** The steps that may share one email. */
export const CONSOLIDATED_STEPS = ['courtesy_reminder', 'first_reminder', 'second_reminder'] as const;

export type ConsolidatedStep = (typeof CONSOLIDATED_STEPS)[number];

/** Reason shown by a step moved to the next business day because the address got a message that day. */
export const CUSTOMER_ALREADY_CONTACTED = 'customer_already_contacted';

/** Reason a sibling's own send gives when its step already went out inside another invoice's email. */
export const CONSOLIDATED = 'consolidated';

export function isConsolidatedStep(step: string): step is ConsolidatedStep {
  return (CONSOLIDATED_STEPS as readonly string[]).includes(step);
}

/**
 * Messages that count against the customer's one message a day: every customer message but the
 * thank-you (the escalation goes to the seller). An installment reminder counts too: it never joins an
 * email (its invoice's cadence is stopped) but moves like the others (docs/domain.md).
 */
export function takesContactDay(step: MessageStep): boolean {
  return isConsolidatedStep(step) || step === 'formal_notice' || step === 'installment_reminder';
}

/** `<invoiceId>#<step>`: how a contact day names what its email covers. */
export function memberKey(invoiceId: string, step: string): string {
  return `${invoiceId}#${step}`;
}

/** The address as the contact day counts it: one mailbox whatever the letter case. */
export function contactAddress(email: string): string {
  return email.trim().toLowerCase();
}

/** The firmest of the steps sharing an email: its wording speaks for all (second > first > courtesy). */
export function firmestStep(steps: readonly ConsolidatedStep[]): ConsolidatedStep {
  let firmest: ConsolidatedStep = 'courtesy_reminder';
  for (const step of steps) {
    if (CONSOLIDATED_STEPS.indexOf(step) > CONSOLIDATED_STEPS.indexOf(firmest)) firmest = step;
  }
  return firmest;
}

/** What the rule reads of another invoice of the same seller and customer. */
export interface SiblingCandidate {
  readonly invoiceId: string;
  readonly status: InvoiceStatus;
  readonly balanceMinor: number;
  readonly currency: string;
  readonly customerEmail: string;
  readonly undeliverable: boolean;
  readonly schedule: readonly { readonly step: string; readonly at: string; readonly state: string }[];
  /** The invoice's send claims, by step (any state: a claimed step never joins again). */
  readonly claimed: readonly string[];
}

/**
 * The invoices that join a reminder sent today (`today`: seller-local date): other open invoices of the
 * same customer, at the same address and in the same currency, with a balance, whose reminder is planned on that same local day
 * and not yet claimed. One step per invoice (the earliest planned that day). Sorted by invoice id, so
 * every sender computes the same list.
 */
export function joiningInvoices(
  lead: { readonly invoiceId: string; readonly customerEmail: string; readonly currency: string },
  candidates: readonly SiblingCandidate[],
  today: string,
  window: Pick<SendWindow, 'timezone'>,
): { readonly invoiceId: string; readonly step: ConsolidatedStep }[] {
  const address = contactAddress(lead.customerEmail);
  const joining: { invoiceId: string; step: ConsolidatedStep }[] = [];
  for (const candidate of candidates) {
    if (candidate.invoiceId === lead.invoiceId) continue;
    // The cadence still runs (core/lifecycle; the send claim re-checks it in its write).
    if (
      !canSend('first_reminder', candidate.status) ||
      candidate.balanceMinor <= 0 ||
      candidate.undeliverable
    )
      continue;
    // One address, and one currency: the email adds the amounts up.
    if (contactAddress(candidate.customerEmail) !== address || candidate.currency !== lead.currency) continue;
    const entry = candidate.schedule.find(
      (planned) =>
        planned.state === 'planned' &&
        isConsolidatedStep(planned.step) &&
        !candidate.claimed.includes(planned.step) &&
        localDate(new Date(planned.at), window) === today,
    );
    if (entry) joining.push({ invoiceId: candidate.invoiceId, step: entry.step as ConsolidatedStep });
  }
  return joining.sort((a, b) => (a.invoiceId < b.invoiceId ? -1 : a.invoiceId > b.invoiceId ? 1 : 0));
}

/**
 * Where a step moves when the address already got its message today: the customer's minute of the window
 * on the next sending day.
 */
export function nextContactDay(today: string, slot: SendWindow): Date {
  return windowOpening(sendingDayOnOrAfter(addDays(today, 1), slot), slot);
}

/** A file name safe in a MIME header and on every file system. */
export function pdfFileName(invoiceNumber: string): string {
  return `${invoiceNumber.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 80) || 'invoice'}.pdf`;
}

/**
 * The attachments of a consolidated email: one PDF per invoice, in the order listed, each named after its
 * invoice number; two numbers that sanitize alike get `-2`, `-3`… so no attachment hides another.
 */
export function attachmentNames(invoiceNumbers: readonly string[]): string[] {
  const used = new Set<string>();
  return invoiceNumbers.map((number) => {
    const base = pdfFileName(number).slice(0, -'.pdf'.length);
    let name = `${base}.pdf`;
    for (let n = 2; used.has(name.toLowerCase()); n += 1) name = `${base}-${n}.pdf`;
    used.add(name.toLowerCase());
    return name;
  });
}
