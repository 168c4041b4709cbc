import { randomBytes } from 'node:crypto';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { type InvoiceStatus, STOPPED_STATUSES } from '../core/lifecycle';
import { statusNotIn } from './conditions';
import type { ClaimKey } from './store';
import { type InvoiceKeyFields, InvoiceWrites } from './store-invoices';
import { keys } from './store-keys';
import { isConditionFailure } from './store-table';

/** The event counter as the sort key's fixed-width number. */
const sequenceText = (value: number | undefined): string => String(value ?? 0).padStart(10, '0');

/**
 * The writes that record a sent step and number the invoice's events: what a send needs, in as few
 * calls as the rules allow (each call is a round trip in AWS and CPU in the local twin).
 */
export class StepWrites extends InvoiceWrites {
  /**
   * Records the SES message id of a sent step, moves the status forward (never out of a stopped one)
   * and takes the number of the step's event from the timeline counter (`appendEvent`), in one write;
   * only when the invoice was paid, paused or cancelled meanwhile does a second write record the step
   * without the status. Returns the event's sequence number.
   */
  async markStepSent(
    invoice: InvoiceKeyFields,
    sent: { readonly step: ClaimKey; readonly messageId: string; readonly sentAt: string },
    nextStatus: InvoiceStatus | undefined,
    extras: { readonly noticeDeadline?: string; readonly consolidated?: boolean } = {},
  ): Promise<string> {
    const change = {
      set: [
        'steps.#step.#state = :sent',
        'steps.#step.messageId = :messageId',
        'steps.#step.sentAt = :sentAt',
        ...(extras.noticeDeadline ? ['noticeDeadline = :deadline'] : []),
        ...(extras.consolidated ? ['steps.#step.consolidated = :consolidated'] : []),
        'eventSequence = if_not_exists(eventSequence, :zero) + :one',
      ],
      names: { '#step': sent.step, '#state': 'state' },
      values: {
        ':sent': 'sent',
        ':messageId': sent.messageId,
        ':sentAt': sent.sentAt,
        ...(extras.noticeDeadline ? { ':deadline': extras.noticeDeadline } : {}),
        ...(extras.consolidated ? { ':consolidated': true } : {}),
        ':zero': 0,
        ':one': 1,
      },
    };
    if (nextStatus) {
      const advanced = await this.transition(invoice, nextStatus, statusNotIn(STOPPED_STATUSES), change);
      if (advanced) return sequenceText(advanced.eventSequence);
    }
    const { Attributes } = await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.invoice(invoice.invoiceId),
        UpdateExpression: `SET ${change.set.join(', ')}`,
        ExpressionAttributeNames: change.names,
        ExpressionAttributeValues: change.values,
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    return sequenceText(Attributes?.eventSequence as number | undefined);
  }

  /** The next number of the invoice's event counter (see `appendEvent`). */
  protected async nextEventSequence(invoiceId: string): Promise<string> {
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
      return sequenceText(Attributes?.eventSequence as number | undefined);
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      // No invoice item to count on: still unique, ordered by time only.
      return `x${randomBytes(4).toString('hex')}`;
    }
  }
}
