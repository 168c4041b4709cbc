import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { CLOSED_STATUSES, type InvoiceStatus, STOPPED_STATUSES } from '../core/lifecycle';
import type { PaymentPlan } from '../core/payment-plan';
import type { Customer } from '../core/schemas';
import { UNDELIVERABLE } from '../core/undeliverable';
import {
  and,
  balanceIs,
  type Condition,
  flagged,
  fullyPaid,
  itemExists,
  statusIs,
  statusNotIn,
} from './conditions';
import { InvoiceQueries } from './store-invoice-queries';
import { keys } from './store-keys';
import { expressionOf, withoutKeys } from './store-table';
import type { InvoiceRecord, PaymentEntry, UndeliverableRecord } from './store-types';

export type { IndexPageRequest } from './store-invoice-queries';

/** What a status change needs to know of the invoice: its id and the parts of its index keys. */
export type InvoiceKeyFields = Pick<InvoiceRecord, 'invoiceId' | 'sellerId' | 'dueDate'>;

/** The rest of a status change: attributes set and removed alongside the status. */
interface Change {
  readonly set?: readonly string[];
  readonly remove?: readonly string[];
  readonly names?: Readonly<Record<string, string>>;
  readonly values?: Readonly<Record<string, unknown>>;
}

/** What a new execution needs once a status change restarts the dunning. */
export interface Restart {
  readonly resumeCount: number;
  readonly executionName: string;
}

const restartChange = (restart: Restart | undefined): Change =>
  restart
    ? {
        set: ['resumeCount = :resumeCount', 'executionName = :executionName'],
        values: { ':resumeCount': restart.resumeCount, ':executionName': restart.executionName },
      }
    : {};

const merge = (...changes: readonly Change[]): Change => ({
  set: changes.flatMap((change) => change.set ?? []),
  remove: changes.flatMap((change) => change.remove ?? []),
  names: Object.assign({}, ...changes.map((change) => change.names ?? {})),
  values: Object.assign({}, ...changes.map((change) => change.values ?? {})),
});

/** A running payment plan (`plan.state = active`). */
const planActive: Condition = {
  expression: '#plan.#planState = :activePlan',
  names: { '#plan': 'plan', '#planState': 'state' },
  values: { ':activePlan': 'active' },
};

/** The pause this writer read is still the latest (concurrent pauses of one invoice are serialized). */
function pauseVersionIs(version: number | undefined): Condition {
  return version === undefined
    ? { expression: 'attribute_not_exists(pauseVersion)' }
    : { expression: 'pauseVersion = :readVersion', values: { ':readVersion': version } };
}

/**
 * The writes of the invoice item: every status change goes through `transition`, which keeps the
 * `byStatus` index key in step with the status; the rules of each change come from core/lifecycle.
 */
export class InvoiceWrites extends InvoiceQueries {
  /**
   * Sets the status (and its index key) with the change, if the condition holds. Returns the invoice as
   * it now stands, or undefined when the condition failed.
   */
  protected async transition(
    invoice: InvoiceKeyFields,
    to: InvoiceStatus,
    when: Condition,
    change: Change = {},
  ): Promise<InvoiceRecord | undefined> {
    const set = ['#status = :to', 'gsi3pk = :toIndex', ...(change.set ?? [])];
    const remove = change.remove ?? [];
    const output = await this.unlessConditionFails(() =>
      this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.invoice(invoice.invoiceId),
          UpdateExpression: `SET ${set.join(', ')}${remove.length > 0 ? ` REMOVE ${remove.join(', ')}` : ''}`,
          ...expressionOf(
            and(itemExists, when),
            { '#status': 'status', ...change.names },
            {
              ':to': to,
              ':toIndex': keys.byStatus(invoice.sellerId, to, invoice.dueDate, invoice.invoiceId).gsi3pk,
              ...change.values,
            },
          ),
          ReturnValues: 'ALL_NEW',
        }),
      ),
    );
    return output?.Attributes ? withoutKeys<InvoiceRecord>(output.Attributes) : undefined;
  }

  /** Moves the cadence's status forward unless the invoice is paid, paused or cancelled in the meantime. */
  async advanceStatus(invoice: InvoiceKeyFields, status: InvoiceStatus): Promise<boolean> {
    return (await this.transition(invoice, status, statusNotIn(STOPPED_STATUSES))) !== undefined;
  }

  /**
   * Ends a pause (only if the invoice is still paused) with the status it goes back to; with `restart`,
   * a new execution takes over (a resume by hand).
   */
  async endPause(invoice: InvoiceKeyFields, status: InvoiceStatus, restart?: Restart): Promise<boolean> {
    const change = merge({ remove: ['pause'] }, restartChange(restart));
    return (await this.transition(invoice, status, statusIs('paused'), change)) !== undefined;
  }

  /** Pauses the dunning; false when the invoice was paid, cancelled or paused by someone else meanwhile. */
  async pause(
    invoice: InvoiceKeyFields & Pick<InvoiceRecord, 'pauseVersion'>,
    pause: NonNullable<InvoiceRecord['pause']>,
    restart: Restart,
  ): Promise<boolean> {
    const when = and(statusNotIn(CLOSED_STATUSES), pauseVersionIs(invoice.pauseVersion));
    const change = merge(
      {
        set: ['pause = :pause', 'pauseVersion = :nextVersion'],
        values: { ':pause': pause, ':nextVersion': (invoice.pauseVersion ?? 0) + 1 },
      },
      restartChange(restart),
    );
    return (await this.transition(invoice, 'paused', when, change)) !== undefined;
  }

  /** Cancels for good; false when the invoice was paid or cancelled meanwhile. */
  async cancel(invoice: InvoiceKeyFields, cancellation: NonNullable<InvoiceRecord['cancellation']>) {
    const change = { set: ['cancellation = :cancellation'], values: { ':cancellation': cancellation } };
    return (await this.transition(invoice, 'cancelled', statusNotIn(CLOSED_STATUSES), change)) !== undefined;
  }

  /**
   * Marks a settled invoice paid (flags `overpaid` below zero, `penalties_due` when the extras are
   * claimed). Undefined when it was settled or cancelled meanwhile, or is no longer fully paid.
   */
  async markPaid(
    invoice: InvoiceKeyFields,
    at: string,
    flags: { readonly overpaid: boolean; readonly penaltiesDue: boolean },
  ): Promise<InvoiceRecord | undefined> {
    const set = [
      'paidAt = :paidAt',
      ...(flags.overpaid ? ['flags.overpaid = :paidAt'] : []),
      ...(flags.penaltiesDue ? ['flags.penalties_due = :paidAt'] : []),
    ];
    return this.transition(invoice, 'paid', and(statusNotIn(CLOSED_STATUSES), fullyPaid), {
      set,
      values: { ':paidAt': at },
    });
  }

  /** Starts an agreed payment plan; false when the invoice was paid, cancelled or paid into meanwhile. */
  async startPaymentPlan(
    invoice: InvoiceKeyFields & Pick<InvoiceRecord, 'balanceMinor'>,
    plan: PaymentPlan,
    restart: Restart,
  ): Promise<boolean> {
    const when = and(statusNotIn([...CLOSED_STATUSES, 'payment_plan']), balanceIs(invoice.balanceMinor));
    const change = merge(
      { set: ['#plan = :plan'], remove: ['pause'], names: { '#plan': 'plan' }, values: { ':plan': plan } },
      restartChange(restart),
    );
    return (await this.transition(invoice, 'payment_plan', when, change)) !== undefined;
  }

  /** Breaks a running plan: the cadence takes over at `status`; false when the plan no longer runs. */
  async breakPaymentPlan(
    invoice: InvoiceKeyFields,
    status: InvoiceStatus,
    installment: number,
    at: string,
  ): Promise<boolean> {
    const change = {
      set: [
        '#plan.#planState = :brokenPlan',
        '#plan.brokenAt = :brokenAt',
        '#plan.brokenInstallment = :installment',
      ],
      values: { ':brokenPlan': 'broken', ':brokenAt': at, ':installment': installment },
    };
    return (
      (await this.transition(invoice, status, and(statusIs('payment_plan'), planActive), change)) !==
      undefined
    );
  }

  /**
   * Adds a payment once (keyed by its id, and by the delivered webhook event when there is one) and
   * recomputes the amounts; false when it was already recorded.
   */
  async recordPayment(invoiceId: string, paymentId: string, entry: PaymentEntry, delivery?: string) {
    const output = await this.unlessConditionFails(() =>
      this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.invoice(invoiceId),
          UpdateExpression: `SET payments.#pid = :payment, paidMinor = paidMinor + :amount, balanceMinor = balanceMinor - :amount${
            delivery ? ', #delivery = :pid' : ''
          }`,
          ConditionExpression: `attribute_exists(pk) AND attribute_not_exists(payments.#pid)${
            delivery ? ' AND attribute_not_exists(#delivery)' : ''
          }`,
          ExpressionAttributeNames: { '#pid': paymentId, ...(delivery ? { '#delivery': delivery } : {}) },
          ExpressionAttributeValues: {
            ':payment': entry,
            ':amount': entry.amountMinor,
            ...(delivery ? { ':pid': paymentId } : {}),
          },
        }),
      ),
    );
    return output !== undefined;
  }

  /** Sets a flag (map flag → ISO time) and returns the invoice as it now stands. */
  async setFlag(invoiceId: string, flag: string, at: string): Promise<InvoiceRecord> {
    return this.updateInvoice(invoiceId, 'SET flags.#flag = :at', { '#flag': flag }, { ':at': at });
  }

  /** Clears a flag and returns the invoice as it now stands. */
  async clearFlag(invoiceId: string, flag: string): Promise<InvoiceRecord> {
    return this.updateInvoice(invoiceId, 'REMOVE flags.#flag', { '#flag': flag });
  }

  /**
   * Records that the first execution runs, clearing the flag that said its start was pending. Returns
   * the invoice as it now stands.
   */
  async markExecutionStarted(invoiceId: string, clearFlag?: string): Promise<InvoiceRecord> {
    return this.updateInvoice(
      invoiceId,
      `SET executionStarted = :true${clearFlag ? ' REMOVE flags.#flag' : ''}`,
      clearFlag ? { '#flag': clearFlag } : undefined,
      { ':true': true },
    );
  }

  /**
   * Flags the customer's address undeliverable, once and only if it is still the address that failed.
   * Undefined when it was flagged already or the address changed meanwhile.
   */
  async flagUndeliverable(
    invoiceId: string,
    record: UndeliverableRecord,
  ): Promise<InvoiceRecord | undefined> {
    const output = await this.unlessConditionFails(() =>
      this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.invoice(invoiceId),
          UpdateExpression: `SET flags.#flag_${UNDELIVERABLE} = :at, undeliverable = :record`,
          ...expressionOf(
            and(itemExists, { expression: 'customer.email = :email' }, flagged(UNDELIVERABLE, false)),
            {},
            { ':at': record.at, ':record': record, ':email': record.address },
          ),
          ReturnValues: 'ALL_NEW',
        }),
      ),
    );
    return output?.Attributes ? withoutKeys<InvoiceRecord>(output.Attributes) : undefined;
  }

  /**
   * Replaces the customer's contact details and clears the undeliverable flag, if the status and the flag
   * are still what the caller read; with `restart`, a new execution takes over. False otherwise.
   */
  async replaceContact(
    invoice: Pick<InvoiceRecord, 'invoiceId' | 'status'>,
    customer: Customer,
    wasFlagged: boolean,
    restart?: Restart,
  ): Promise<boolean> {
    const change = restartChange(restart);
    const output = await this.unlessConditionFails(() =>
      this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.invoice(invoice.invoiceId),
          UpdateExpression: `SET ${['customer = :customer', ...(change.set ?? [])].join(', ')} REMOVE flags.#flag_${UNDELIVERABLE}, undeliverable`,
          ...expressionOf(
            and(statusIs(invoice.status), flagged(UNDELIVERABLE, wasFlagged)),
            {},
            {
              ':customer': customer,
              ...change.values,
            },
          ),
        }),
      ),
    );
    return output !== undefined;
  }

  /** One unconditional update of the invoice item; returns the item as it now stands. */
  private async updateInvoice(
    invoiceId: string,
    expression: string,
    names?: Record<string, string>,
    values?: Record<string, unknown>,
  ): Promise<InvoiceRecord> {
    const { Attributes } = await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.invoice(invoiceId),
        UpdateExpression: expression,
        ...(names ? { ExpressionAttributeNames: names } : {}),
        ...(values ? { ExpressionAttributeValues: values } : {}),
        ReturnValues: 'ALL_NEW',
      }),
    );
    return withoutKeys<InvoiceRecord>(Attributes ?? {});
  }
}
