import { randomBytes } from 'node:crypto';
import { DeleteCommand, GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { ClaimOwner } from '../core/claims';
import type { FacturXProfile } from '../core/facturx/cii';
import { CADENCE_SILENT_STATUSES, type InvoiceStatus } from '../core/lifecycle';
import type { PaymentPlan } from '../core/payment-plan';
import type { PlannedStep } from '../core/schedule';
import type { Customer, Seller } from '../core/schemas';
import { CADENCE_STEPS, type MessageStep } from '../core/steps';
import { UNDELIVERABLE } from '../core/undeliverable';
import { and, balanceDue, type Condition, flagged, itemExists, statusIs, statusNotIn } from './conditions';
import { SideItems } from './store-items';
import { keys } from './store-keys';
import { expressionOf, isConditionFailure, withoutKeys } from './store-table';

export { INVOICE_STATUSES, type InvoiceStatus } from '../core/lifecycle';
export type { InvoiceKeyFields, Restart } from './store-invoices';
export { keys } from './store-keys';
export { isConditionFailure } from './store-table';

/**
 * What a send claim is keyed by in the invoice's `steps` map: the step itself, or, for installment
 * reminders, one key per installment and phase (`installment_2_after`).
 */
export type ClaimKey = MessageStep | `installment_${number}_${'before' | 'after'}`;

export interface StepClaim extends ClaimOwner {
  readonly state: 'claimed' | 'sent' | 'released' | 'unknown';
  readonly messageId?: string;
  readonly sentAt?: string;
  /** Claimed by another invoice's send, to go out in its email (docs/domain.md, one message per customer). */
  readonly consolidatedInto?: string;
  /** Sent inside one email listing several invoices (the same `messageId` on each). */
  readonly consolidated?: boolean;
}

export interface PaymentEntry {
  readonly amountMinor: number;
  readonly paidAt: string;
  readonly method?: string;
  readonly source: 'api' | 'webhook_generic' | 'webhook_stripe';
  readonly recordedAt: string;
}

export interface ScheduleEntry extends PlannedStep {}

/** The invoice item of the single table (docs/architecture.md). */
export interface InvoiceRecord {
  readonly invoiceId: string;
  readonly sellerId: string;
  readonly number: string;
  readonly status: InvoiceStatus;
  readonly flags: Readonly<Record<string, string>>;
  readonly currency: string;
  readonly totalMinor: number;
  readonly paidMinor: number;
  readonly balanceMinor: number;
  readonly issueDate: string;
  readonly dueDate: string;
  readonly customer: Customer;
  readonly pdfKey: string;
  readonly paymentLink?: string;
  readonly purchaseOrder?: string;
  readonly contentHash: string;
  readonly registeredAt: string;
  readonly schedule: readonly ScheduleEntry[];
  readonly steps: Readonly<Partial<Record<MessageStep, StepClaim>>>;
  readonly payments: Readonly<Record<string, PaymentEntry>>;
  readonly resumeCount: number;
  /** The number of events appended so far (their order at equal times). */
  readonly eventSequence?: number;
  /** Bumped by every pause: concurrent pauses of one invoice are serialized on it. */
  readonly pauseVersion?: number;
  readonly executionName: string;
  readonly executionStarted?: boolean;
  readonly pause?: {
    readonly reason: string;
    readonly until?: string;
    readonly note?: string;
    /** Insolvency: the BODACC publication of the opening judgment and the claim declaration deadline. */
    readonly bodaccPublishedOn?: string;
    readonly claimDeclarationDeadline?: string;
    readonly at: string;
  };
  /** The customer's address hard-bounced or complained: no customer message goes out until it is fixed. */
  readonly undeliverable?: UndeliverableRecord;
  readonly cancellation?: { readonly reason: string; readonly note?: string; readonly at: string };
  /** The formal notice's registered letter, when a postal provider posts it. */
  readonly postal?: PostalRecord;
  /** The payment plan agreed with the customer, if any (functions/core/payment-plan.ts). */
  readonly plan?: PaymentPlan;
  /**
   * Penalty terms fixed at registration: the rate the invoice printed, else the seller's rate then, else
   * the statutory rate. Absent on invoices registered before terms were fixed (the seller's rate applies).
   */
  readonly penaltyTerms?: PenaltyTerms;
  /** The payment deadline the formal notice gave (seller-local date), once it is sent. */
  readonly noticeDeadline?: string;
  /** How the invoice arrived (absent on invoices registered before Factur-X: JSON). */
  readonly source?: 'factur-x' | 'json';
  readonly facturX?: { readonly profile: FacturXProfile };
}

export interface UndeliverableRecord {
  /** The address SES gave up on (the customer's `email` at the time). */
  readonly address: string;
  readonly cause: 'bounce' | 'complaint' | 'reject';
  readonly at: string;
  /** The customer message that bounced, from its SES tags. */
  readonly step?: string;
  readonly messageId: string;
}

export interface PenaltyTerms {
  readonly basis: 'invoice' | 'seller' | 'statutory';
  /** The contractual annual rate; absent for `statutory` (ECB + 10 points per half-year). */
  readonly annualRatePercent?: number;
}

/** A registered letter posted through a provider (docs/postal-mail.md). */
export interface PostalRecord {
  readonly provider: string;
  readonly state: 'posting' | 'sent' | 'delivered' | 'returned' | 'failed';
  readonly claimedAt: string;
  readonly letterKey: string;
  readonly sendingId?: string;
  readonly recipientId?: string;
  readonly sentAt?: string;
  readonly trackingNumber?: string;
  readonly lastStatus?: { readonly code?: string; readonly label?: string; readonly at?: string };
  /** Delivery or return time reported by the provider. */
  readonly settledAt?: string;
  readonly proofKey?: string;
  readonly error?: string;
}

export interface InvoiceEvent {
  readonly at: string;
  readonly type: string;
  readonly [field: string]: unknown;
}

export interface SellerRecord {
  readonly sellerId: string;
  readonly profile: Seller;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** The scope of a seller API key (the operator key has none: it reaches everything). */
export interface ApiKeyRecord {
  readonly keyId: string;
  readonly name: string;
  readonly sellers: readonly string[];
  readonly access: 'read' | 'write';
  readonly createdAt: string;
}

/** A customer's answer from the reply page of one reminder (see docs/replies.md). */
export interface ReplyRecord {
  readonly invoiceId: string;
  readonly step: string;
  readonly action: string;
  readonly at: string;
  /** The form as validated (dates, reason, message, installments…). */
  readonly answer: Readonly<Record<string, unknown>>;
}

/**
 * Profiles stored before the legal rules of docs/domain.md carry fields that are gone (a configurable
 * indemnity, an escalation offset) and lack new defaulted ones: read them as today's shape.
 */
function upgradeStoredProfile(profile: Seller): Seller {
  const { recoveryIndemnityMinor: _indemnity, ...rest } = profile as Seller & {
    recoveryIndemnityMinor?: number;
  };
  const { escalation: _escalation, ...cadence } = rest.cadence as Seller['cadence'] & { escalation?: number };
  return {
    ...rest,
    afterPrincipalPaid: rest.afterPrincipalPaid ?? 'waive',
    consolidate: rest.consolidate ?? true,
    cadence: { ...cadence, noticeDeadlineDays: cadence.noticeDeadlineDays ?? 8 },
  };
}

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
 * store-keys.ts (every key), store-table.ts (the conditional-write helper).
 */
export class Store extends SideItems {
  async getSeller(sellerId: string): Promise<SellerRecord | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: keys.seller(sellerId), ConsistentRead: true }),
    );
    if (!Item) return undefined;
    const record = withoutKeys<SellerRecord>(Item);
    return { ...record, profile: upgradeStoredProfile(record.profile) };
  }

  /** Creates or replaces a seller profile; tells which it was. */
  async putSeller(sellerId: string, profile: Seller, now: string): Promise<{ created: boolean }> {
    const { Attributes } = await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.seller(sellerId),
        UpdateExpression:
          'SET sellerId = :id, profile = :profile, updatedAt = :now, createdAt = if_not_exists(createdAt, :now), gsi1pk = :listPk, gsi1sk = :listSk',
        ExpressionAttributeValues: {
          ':id': sellerId,
          ':profile': profile,
          ':now': now,
          ':listPk': keys.sellerList(sellerId).gsi1pk,
          ':listSk': keys.sellerList(sellerId).gsi1sk,
        },
        ReturnValues: 'UPDATED_OLD',
      }),
    );
    return { created: Attributes?.createdAt === undefined };
  }

  /** Sets a seller's webhook secret; the previous one stays valid until the next rotation. */
  async rotateWebhookSecret(sellerId: string, secret: string, now: string): Promise<void> {
    await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.webhookSecret(sellerId),
        UpdateExpression:
          'SET previous = if_not_exists(#current, :none), #current = :secret, rotatedAt = :now',
        ExpressionAttributeNames: { '#current': 'current' },
        ExpressionAttributeValues: { ':secret': secret, ':none': '', ':now': now },
      }),
    );
  }

  async getWebhookSecrets(sellerId: string): Promise<string[]> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: keys.webhookSecret(sellerId), ConsistentRead: true }),
    );
    return [Item?.current, Item?.previous].filter(
      (value): value is string => typeof value === 'string' && value !== '',
    );
  }

  /**
   * Takes an idempotency key for a first attempt (an in-progress marker, by conditional write);
   * false when the key is held or answered already and not expired.
   */
  async claimIdempotencyKey(hash: string, requestHash: string, nowSeconds: number, holdSeconds: number) {
    const output = await this.unlessConditionFails(() =>
      this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...keys.idempotency(hash),
            state: 'in_progress',
            requestHash,
            expiresAt: nowSeconds + holdSeconds,
          },
          ConditionExpression: 'attribute_not_exists(pk) OR expiresAt <= :now',
          ExpressionAttributeValues: { ':now': nowSeconds },
        }),
      ),
    );
    return output !== undefined;
  }

  async getIdempotencyRecord(
    hash: string,
  ): Promise<{ state?: string; requestHash?: string; response?: Record<string, unknown> } | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: keys.idempotency(hash), ConsistentRead: true }),
    );
    return Item;
  }

  /** Stores the response of the attempt that holds the key, to be replayed until `expiresAt`. */
  async completeIdempotencyKey(hash: string, response: unknown, expiresAt: number): Promise<void> {
    await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.idempotency(hash),
        UpdateExpression: 'SET #state = :done, #response = :response, expiresAt = :expiresAt',
        ExpressionAttributeNames: { '#state': 'state', '#response': 'response' },
        ExpressionAttributeValues: { ':done': 'done', ':response': response, ':expiresAt': expiresAt },
      }),
    );
  }

  /** Frees a key whose attempt failed, so that the client's retry runs. */
  async releaseIdempotencyKey(hash: string): Promise<void> {
    await this.db.send(new DeleteCommand({ TableName: this.tableName, Key: keys.idempotency(hash) }));
  }

  async getApiKey(keyId: string): Promise<ApiKeyRecord | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: keys.apiKey(keyId), ConsistentRead: true }),
    );
    return Item ? withoutKeys<ApiKeyRecord>(Item) : undefined;
  }

  async putApiKey(record: ApiKeyRecord): Promise<void> {
    await this.db.send(
      new PutCommand({ TableName: this.tableName, Item: { ...keys.apiKey(record.keyId), ...record } }),
    );
  }

  /** Removes a key's scope; false when there was none. */
  async deleteApiKey(keyId: string): Promise<boolean> {
    const { Attributes } = await this.db.send(
      new DeleteCommand({ TableName: this.tableName, Key: keys.apiKey(keyId), ReturnValues: 'ALL_OLD' }),
    );
    return Attributes !== undefined;
  }

  async listApiKeys(): Promise<ApiKeyRecord[]> {
    const records: ApiKeyRecord[] = [];
    for await (const item of this.queryAll({
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.apiKey('').pk },
      ConsistentRead: true,
    }))
      records.push(withoutKeys<ApiKeyRecord>(item));
    return records;
  }

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

  /** Gives a claim back when SES answered with an error: nothing was sent, a retry may claim again. */
  async releaseClaim(invoiceId: string, step: ClaimKey): Promise<void> {
    await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.invoice(invoiceId),
        UpdateExpression: 'SET steps.#step.#state = :released',
        ConditionExpression: 'steps.#step.#state = :claimed',
        ExpressionAttributeNames: { '#step': step, '#state': 'state' },
        ExpressionAttributeValues: { ':released': 'released', ':claimed': 'claimed' },
      }),
    );
  }

  /**
   * Marks a claimed step whose outcome can no longer be known (the sender died mid-send). Returns false
   * when the claim had meanwhile ended otherwise (sent, released, or already marked by someone else).
   */
  async markClaimUnknown(invoiceId: string, step: ClaimKey): Promise<boolean> {
    const output = await this.unlessConditionFails(() =>
      this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.invoice(invoiceId),
          UpdateExpression: 'SET steps.#step.#state = :unknown',
          ConditionExpression: 'steps.#step.#state = :claimed',
          ExpressionAttributeNames: { '#step': step, '#state': 'state' },
          ExpressionAttributeValues: { ':unknown': 'unknown', ':claimed': 'claimed' },
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
    let sequence: string;
    try {
      const { Attributes } = await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.invoice(invoiceId),
          UpdateExpression: 'SET eventSequence = if_not_exists(eventSequence, :zero) + :one',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: { ':zero': 0, ':one': 1 },
          ReturnValues: 'UPDATED_NEW',
        }),
      );
      sequence = String(Attributes?.eventSequence ?? 0).padStart(10, '0');
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      // No invoice item to count on: still unique, ordered by time only.
      sequence = `x${randomBytes(4).toString('hex')}`;
    }
    await this.db.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...keys.event(invoiceId, event.at, sequence), ...event },
      }),
    );
  }

  /** Every seller, page by page through the seller list of the `bySeller` index (Query only). */
  async *sellers(): AsyncGenerator<SellerRecord> {
    for await (const item of this.queryAll({
      IndexName: 'bySeller',
      KeyConditionExpression: 'gsi1pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.sellerList('').gsi1pk },
    }))
      yield withoutKeys<SellerRecord>(item);
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
