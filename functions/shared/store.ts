import { randomBytes } from 'node:crypto';
import { DeleteCommand, GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { ClaimOwner } from '../core/claims';
import { CADENCE_SILENT_STATUSES, type InvoiceStatus } from '../core/lifecycle';
import { CADENCE_STEPS, type MessageStep } from '../core/steps';
import { UNDELIVERABLE } from '../core/undeliverable';
import { and, balanceDue, type Condition, flagged, itemExists, statusIs, statusNotIn } from './conditions';
import { keys } from './store-keys';
import { SellerItems } from './store-sellers';
import { expressionOf, withoutKeys } from './store-table';
import type {
  ClaimKey,
  InvoiceEvent,
  InvoiceRecord,
  PostalRecord,
  ReplyRecord,
  ScheduleEntry,
  StepClaim,
} from './store-types';

export { INVOICE_STATUSES, type InvoiceStatus } from '../core/lifecycle';
export type { InvoiceKeyFields, Restart } from './store-invoices';
export { keys } from './store-keys';
export { isConditionFailure } from './store-table';
export type * from './store-types';

/** The step was never claimed, or its claim was given back (SES refused: nothing went out). */
function stepClaimable(key: ClaimKey): Condition {
  return {
    expression: '(attribute_not_exists(steps.#step) OR steps.#step.#state = :released)',
    names: { '#step': key, '#state': 'state' },
    values: { ':released': 'released' },
  };
}

/** No reminder claim is in flight: the customer never reads a reminder after the thank-you. */
const noReminderInFlight: Condition = {
  expression: CADENCE_STEPS.map(
    (_, i) => `(attribute_not_exists(steps.#c${i}) OR steps.#c${i}.#state <> :claimed)`,
  ).join(' AND '),
  names: { '#state': 'state', ...Object.fromEntries(CADENCE_STEPS.map((step, i) => [`#c${i}`, step])) },
  values: { ':claimed': 'claimed' },
};

/**
 * Data access for the single table, the only code that speaks DynamoDB (docs/architecture.md, "Where
 * things live"). One instance per table name; the client comes from `dynamoClient()`. Split by concern:
 * store-invoices.ts (status changes, payments, flags), store-items.ts (items beside the invoices),
 * store-sellers.ts (sellers, API keys, idempotency), store-types.ts (the item types),
 * store-keys.ts (every key), store-table.ts (the conditional-write helper).
 */
export class Store extends SellerItems {
  async getInvoice(invoiceId: string): Promise<InvoiceRecord | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: keys.invoice(invoiceId), ConsistentRead: true }),
    );
    return Item ? withoutKeys<InvoiceRecord>(Item) : undefined;
  }

  /** Writes a new invoice; false when one with this id already exists (nothing is overwritten). */
  async createInvoice(invoice: InvoiceRecord): Promise<boolean> {
    const output = await this.unlessConditionFails(() =>
      this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...keys.invoice(invoice.invoiceId),
            ...keys.bySeller(invoice.sellerId, invoice.number),
            ...keys.byCustomer(invoice.sellerId, invoice.customer.id, invoice.dueDate, invoice.invoiceId),
            ...keys.byStatus(invoice.sellerId, invoice.status, invoice.dueDate, invoice.invoiceId),
            ...invoice,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      ),
    );
    return output !== undefined;
  }

  async saveSchedule(invoiceId: string, schedule: readonly ScheduleEntry[]): Promise<void> {
    await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.invoice(invoiceId),
        UpdateExpression: 'SET schedule = :schedule',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':schedule': schedule },
      }),
    );
  }

  /** Replaces the schedule entry of one step (the escalation re-planned once the notice is sent). */
  async replanStep(invoiceId: string, entry: ScheduleEntry, index: number): Promise<void> {
    await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.invoice(invoiceId),
        UpdateExpression: `SET schedule[${index}] = :entry`,
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':entry': entry },
      }),
    );
  }

  /**
   * Claims `invoice + step` before anything is sent: one conditional write that also re-checks that
   * the invoice is still due (or, for the thank-you, paid and with no reminder claim still in flight,
   * so the customer never reads a reminder after the thank-you). Returns false when the step was
   * already claimed or the invoice is no longer in a state where this message may go out.
   */
  async claimStep(
    invoiceId: string,
    step: MessageStep,
    owner: ClaimOwner & { readonly consolidatedInto?: string },
    key: ClaimKey = step,
  ): Promise<boolean> {
    // The same rule as `canSend` (core/lifecycle), re-checked by DynamoDB in the claim's own write.
    const due =
      step === 'thank_you'
        ? and(statusIs('paid'), noReminderInFlight)
        : step === 'installment_reminder'
          ? and(statusIs('payment_plan'), balanceDue)
          : and(statusNotIn(CADENCE_SILENT_STATUSES), balanceDue);
    // An address that bounced or complained gets nothing more (docs/domain.md, undeliverable).
    const deliverable = step === 'escalation' ? [] : [flagged(UNDELIVERABLE, false)];
    const output = await this.unlessConditionFails(() =>
      this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.invoice(invoiceId),
          UpdateExpression: 'SET steps.#step = :claim',
          ...expressionOf(
            and(itemExists, stepClaimable(key), due, ...deliverable),
            {},
            {
              ':claim': { state: 'claimed', ...owner } satisfies StepClaim,
            },
          ),
        }),
      ),
    );
    return output !== undefined;
  }

  /**
   * Gives a claim back when the mailer answered with an error: nothing was sent, a retry may claim again.
   * A claim that meanwhile ended otherwise (judged `unknown` by another sender) is left as it is.
   */
  async releaseClaim(invoiceId: string, step: ClaimKey): Promise<void> {
    await this.endClaim(invoiceId, step, 'released');
  }

  /**
   * Marks a claimed step whose outcome can no longer be known (the sender died mid-send). Returns false
   * when the claim had meanwhile ended otherwise (sent, released, or already marked by someone else).
   */
  async markClaimUnknown(invoiceId: string, step: ClaimKey): Promise<boolean> {
    return this.endClaim(invoiceId, step, 'unknown');
  }

  /** Ends a claim still open (`claimed`) in `state`; false when it was no longer open. */
  private async endClaim(invoiceId: string, step: ClaimKey, state: 'released' | 'unknown'): Promise<boolean> {
    const output = await this.unlessConditionFails(() =>
      this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.invoice(invoiceId),
          UpdateExpression: 'SET steps.#step.#state = :ended',
          ConditionExpression: 'steps.#step.#state = :claimed',
          ExpressionAttributeNames: { '#step': step, '#state': 'state' },
          ExpressionAttributeValues: { ':ended': state, ':claimed': 'claimed' },
        }),
      ),
    );
    return output !== undefined;
  }

  /** Records the SES message id of a sent step and moves the status forward (never out of a stopped one). */
  async markStepSent(
    invoice: Pick<InvoiceRecord, 'invoiceId' | 'sellerId' | 'dueDate'>,
    step: ClaimKey,
    messageId: string,
    sentAt: string,
    nextStatus: InvoiceStatus | undefined,
    noticeDeadline?: string,
    consolidated = false,
  ): Promise<void> {
    await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.invoice(invoice.invoiceId),
        UpdateExpression: `SET steps.#step.#state = :sent, steps.#step.messageId = :messageId, steps.#step.sentAt = :sentAt${
          noticeDeadline ? ', noticeDeadline = :deadline' : ''
        }${consolidated ? ', steps.#step.consolidated = :consolidated' : ''}`,
        ExpressionAttributeNames: { '#step': step, '#state': 'state' },
        ExpressionAttributeValues: {
          ':sent': 'sent',
          ':messageId': messageId,
          ':sentAt': sentAt,
          ...(noticeDeadline ? { ':deadline': noticeDeadline } : {}),
          ...(consolidated ? { ':consolidated': true } : {}),
        },
      }),
    );
    if (nextStatus) await this.advanceStatus(invoice, nextStatus);
  }

  /**
   * Appends an event to the invoice's timeline, sorted by time and, at equal times, by a sequence
   * number taken from the invoice item (one atomic counter per invoice): events written at the same
   * instant come back in the order they were written.
   */
  async appendEvent(invoiceId: string, event: InvoiceEvent): Promise<void> {
    const counted = await this.unlessConditionFails(() =>
      this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.invoice(invoiceId),
          UpdateExpression: 'SET eventSequence = if_not_exists(eventSequence, :zero) + :one',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: { ':zero': 0, ':one': 1 },
          ReturnValues: 'UPDATED_NEW',
        }),
      ),
    );
    // No invoice item to count on: still unique, ordered by time only.
    const sequence = counted
      ? String(counted.Attributes?.eventSequence ?? 0).padStart(10, '0')
      : `x${randomBytes(4).toString('hex')}`;
    await this.db.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...keys.event(invoiceId, event.at, sequence), ...event },
      }),
    );
  }

  /**
   * Every invoice of a seller, shard after shard of the `bySeller` index, page by page (Query only,
   * never Scan; in no particular order across shards).
   */
  async *sellerInvoices(sellerId: string): AsyncGenerator<InvoiceRecord> {
    for (const partition of keys.bySellerPartitions(sellerId))
      for await (const item of this.queryAll({
        IndexName: 'bySeller',
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': partition },
      }))
        yield withoutKeys<InvoiceRecord>(item);
  }

  /** Records a customer's answer once; false when this reminder already got this action (nothing written). */
  async recordReply(reply: ReplyRecord): Promise<boolean> {
    const output = await this.unlessConditionFails(() =>
      this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...keys.reply(reply.invoiceId, reply.step, reply.action), ...reply },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      ),
    );
    return output !== undefined;
  }

  /** The answers already given to one reminder, oldest first. */
  async listReplies(invoiceId: string, step: string): Promise<ReplyRecord[]> {
    const { Items = [] } = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': keys.invoice(invoiceId).pk, ':prefix': keys.replyPrefix(step) },
        ConsistentRead: true,
      }),
    );
    return Items.map((item) => withoutKeys<ReplyRecord>(item)).sort((a, b) => a.at.localeCompare(b.at));
  }

  /** Claims the posting of the formal notice's letter (once per invoice); false when already claimed. */
  async claimPostal(invoiceId: string, claim: PostalRecord): Promise<boolean> {
    const output = await this.unlessConditionFails(() =>
      this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.invoice(invoiceId),
          UpdateExpression: 'SET postal = :claim',
          ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(postal)',
          ExpressionAttributeValues: { ':claim': claim },
        }),
      ),
    );
    return output !== undefined;
  }

  /** Replaces the registered-letter record and opens or closes its tracking entry. */
  async savePostal(invoiceId: string, postal: PostalRecord): Promise<void> {
    await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.invoice(invoiceId),
        UpdateExpression: 'SET postal = :postal',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':postal': postal },
      }),
    );
    if (postal.state === 'sent') {
      await this.db.send(
        new PutCommand({ TableName: this.tableName, Item: { ...keys.openLetter(invoiceId), invoiceId } }),
      );
    } else {
      await this.db.send(new DeleteCommand({ TableName: this.tableName, Key: keys.openLetter(invoiceId) }));
    }
  }

  /** Invoices whose registered letter is still travelling. */
  async listOpenLetters(): Promise<string[]> {
    const ids: string[] = [];
    for await (const item of this.queryAll({
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.openLetter('').pk },
    }))
      ids.push(String(item.sk));
    return ids;
  }

  async listEvents(invoiceId: string): Promise<InvoiceEvent[]> {
    const events: InvoiceEvent[] = [];
    for await (const item of this.queryAll({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': keys.invoice(invoiceId).pk, ':prefix': keys.eventPrefix },
      ConsistentRead: true,
    }))
      events.push(withoutKeys<InvoiceEvent>(item));
    return events;
  }
}
