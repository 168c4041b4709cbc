import { MESSAGE_STEPS, type MessageStep } from './steps';

/**
 * Undeliverable customer addresses. Once SES gives up on the customer's address — a permanent bounce
 * (the address does not exist, or it is on the account's suppression list after an earlier bounce or
 * complaint), a complaint (the customer marked a message as spam) or a rejection — writing to it again
 * only hurts the sender's reputation (SES reviews accounts above 5 % bounces or 0.1 % complaints) and
 * proves nothing in court. Customer messages are then skipped with reason `undeliverable` until the
 * address is replaced (`POST /invoices/{invoiceId}/contact`).
 */

export type UndeliverableCause = 'bounce' | 'complaint' | 'reject';

/** The reason a skipped step shows. */
export const UNDELIVERABLE = 'undeliverable';

/** Messages that go to the customer (the escalation goes to the seller's finance team). */
export const CUSTOMER_STEPS: readonly MessageStep[] = MESSAGE_STEPS.filter((step) => step !== 'escalation');

export function isCustomerStep(step: string): boolean {
  return (CUSTOMER_STEPS as readonly string[]).includes(step);
}

/**
 * What an SES event says about its recipients: a permanent bounce, a complaint or a rejection makes them
 * undeliverable; a transient bounce (mailbox full, server down) or a delivery does not.
 */
export function undeliverableCause(eventType: string, bounceType?: string): UndeliverableCause | undefined {
  if (eventType === 'Bounce') return bounceType === 'Permanent' ? 'bounce' : undefined;
  if (eventType === 'Complaint') return 'complaint';
  if (eventType === 'Reject') return 'reject';
  return undefined;
}

/** The bare address of `"Name" <a@b.fr>` or `a@b.fr`, lower-cased (domains and, in practice, mailboxes are case-insensitive). */
export function bareAddress(value: string): string {
  const match = /<([^>]*)>\s*$/.exec(value);
  return (match ? (match[1] as string) : value).trim().toLowerCase();
}

/**
 * Whether an SES event about these recipients makes the customer's current address undeliverable. Only
 * the customer's own address counts: a bounced copy (cc), the seller's address (escalation, alerts) or
 * an address the customer had before a fix leave the cadence alone. An event that names no recipient
 * (never seen from SES, kept safe) counts when the message was a customer message.
 */
export function hitsCustomerAddress(
  customerEmail: string,
  recipients: readonly string[] | undefined,
  step: string | undefined,
): boolean {
  if (recipients === undefined || recipients.length === 0) return step !== undefined && isCustomerStep(step);
  const customer = bareAddress(customerEmail);
  return recipients.some((recipient) => bareAddress(recipient) === customer);
}
