import { createHash } from 'node:crypto';
import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { ClaimOwner } from '../core/claims';
import { contactAddress } from '../core/consolidation';
import { addDays } from '../core/dates';
import type { PostponedReminder } from '../core/payment-plan';
import { keys } from './store-keys';
import { Table } from './store-table';

/**
 * The contact day of one customer address (docs/architecture.md): the item that lets one customer
 * message a day go to an address, taken by one conditional write before any claim. Its `lead` is the
 * invoice and step whose send writes the email; `members` every invoice and step the email covers.
 */
export interface ContactDay extends ClaimOwner {
  readonly state: 'claimed' | 'sent';
  /** `<invoiceId>#<step>` of the send that took the day. */
  readonly lead: string;
  /** `<invoiceId>#<step>` of every invoice the email covers (the lead first). */
  readonly members: readonly string[];
  readonly messageId?: string;
}

export interface ContactDayRef {
  readonly sellerId: string;
  readonly address: string;
  /** Seller-local date, `YYYY-MM-DD`. */
  readonly day: string;
}

function contactKey(ref: ContactDayRef) {
  const hash = createHash('sha256').update(contactAddress(ref.address)).digest('hex').slice(0, 32);
  return keys.contactDay(ref.sellerId, hash, ref.day);
}

/** Days a contact day is kept (table TTL): long after any retry of that day's sends. */
const CONTACT_DAY_TTL_DAYS = 14;

/**
 * Contact days, on the single table. Apart from `Store`: only the send
 * function's lazily loaded contact-day module needs it.
 */
export class ContactDayStore extends Table {
  /** Takes the day for `lead`; false when another send (or this one, earlier) holds it. */
  async take(ref: ContactDayRef, day: Omit<ContactDay, 'state'>): Promise<boolean> {
    const expiresAt = Math.floor(Date.parse(`${addDays(ref.day, CONTACT_DAY_TTL_DAYS)}T00:00:00Z`) / 1000);
    const taken = await this.unlessConditionFails(() =>
      this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...contactKey(ref), ...day, state: 'claimed', expiresAt },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      ),
    );
    return taken !== undefined;
  }

  async get(ref: ContactDayRef): Promise<ContactDay | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: contactKey(ref), ConsistentRead: true }),
    );
    return Item as ContactDay | undefined;
  }

  /** The email went out: its message id and the invoices it finally covered. */
  async markSent(ref: ContactDayRef, lead: string, messageId: string, members: readonly string[]) {
    await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: contactKey(ref),
        UpdateExpression: 'SET #state = :sent, messageId = :messageId, #members = :members',
        ConditionExpression: '#lead = :lead',
        // `members` and `lead` are names DynamoDB reserves in expressions.
        ExpressionAttributeNames: { '#state': 'state', '#members': 'members', '#lead': 'lead' },
        ExpressionAttributeValues: {
          ':sent': 'sent',
          ':messageId': messageId,
          ':members': members,
          ':lead': lead,
        },
      }),
    );
  }

  /** Nothing went out: the day is free again (only while `lead` holds it unsent). */
  async release(ref: ContactDayRef, lead: string): Promise<void> {
    // A day already sent, or taken by another lead, stays as it is.
    await this.unlessConditionFails(() =>
      this.db.send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: contactKey(ref),
          ConditionExpression: '#lead = :lead AND #state = :claimed',
          ExpressionAttributeNames: { '#state': 'state', '#lead': 'lead' },
          ExpressionAttributeValues: { ':lead': lead, ':claimed': 'claimed' },
        }),
      ),
    );
  }

  /**
   * Records that the contact day moved an installment reminder (`plan.postponed`, read by the plan's
   * next step and the view). Only the plan's own execution writes it, one reminder at a time.
   */
  async postponeInstallmentReminder(invoiceId: string, postponed: PostponedReminder): Promise<void> {
    await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.invoice(invoiceId),
        UpdateExpression: 'SET #plan.#postponed = :postponed',
        ConditionExpression: 'attribute_exists(#plan)',
        ExpressionAttributeNames: { '#plan': 'plan', '#postponed': 'postponed' },
        ExpressionAttributeValues: { ':postponed': postponed },
      }),
    );
  }
}
