import { memberKey } from '../core/consolidation';
import { statusAfter } from '../core/lifecycle';
import { isCadenceStep, type MessageStep } from '../core/steps';
import { logger, redactEmail } from '../shared/logger';
import { evidenceKey, type OutgoingEmail, sentCopy } from '../shared/mailer';
import { putMetric } from '../shared/metrics';
import type { ClaimKey, InvoiceRecord } from '../shared/store';
import { replanEscalation } from './escalation';
import { formatAddress } from './headers';
import { type PreparedMessage, prepareMessage } from './message-plan';
import type { Batch, EscalationPlan, SendDeps, SendResult, SendTarget } from './ports';

const EVENT_TYPES: Record<MessageStep, string> = {
  courtesy_reminder: 'reminder_sent',
  first_reminder: 'reminder_sent',
  second_reminder: 'reminder_sent',
  formal_notice: 'formal_notice_sent',
  escalation: 'escalated',
  installment_reminder: 'installment_reminder_sent',
  thank_you: 'thank_you_sent',
};

/** Renders, sends and records a step this runtime has just claimed (with the invoices joining its email). */
export async function sendClaimed(deps: SendDeps, target: SendTarget, batch: Batch): Promise<SendResult> {
  const { store } = deps;
  const { invoice, key } = target;
  // Nothing went out: give every claim (and the contact day) back so the retry (or a redrive) can send.
  const releaseAll = async () => {
    await store.releaseClaim(invoice.invoiceId, key);
    for (const member of batch.members) await store.releaseClaim(member.invoice.invoiceId, member.step);
    if (batch.contact) await deps.contactDays.release(batch.contact);
  };
  let prepared: PreparedMessage;
  let email: OutgoingEmail;
  let messageId: string;
  try {
    prepared = await prepareMessage(deps, target, batch);
    email = emailOf(target, prepared);
    messageId = await deps.mailer.send(email);
  } catch (error) {
    await releaseAll();
    throw error;
  }
  return recordSent(deps, target, batch, { prepared, email, messageId });
}

/** Who gets the step: the escalation goes to the seller's finance contact, the others to the customer. */
function emailOf(target: SendTarget, prepared: PreparedMessage): OutgoingEmail {
  const { invoice, seller, step } = target;
  const toSeller = step === 'escalation';
  return {
    from: formatAddress(seller.sender.fromName, seller.sender.fromEmail),
    to: toSeller ? [seller.contact.email] : [invoice.customer.email],
    cc: toSeller ? [] : [...(invoice.customer.cc ?? [])],
    replyTo: seller.sender.replyTo,
    ...prepared.message,
    attachments: prepared.attachments,
    invoiceId: invoice.invoiceId,
    step,
  };
}

/**
 * The message went out: for every invoice it covered, the evidence copy, the step marked sent (and the
 * status it reaches), an event; then the contact day and, for a formal notice, its registered letter.
 */
async function recordSent(
  deps: SendDeps,
  target: SendTarget,
  batch: Batch,
  sent: { prepared: PreparedMessage; email: OutgoingEmail; messageId: string },
): Promise<SendResult> {
  const { store } = deps;
  const { invoice, seller, step, key, now } = target;
  const { prepared, email, messageId } = sent;
  const nowIso = now.toISOString();
  const letterKey = prepared.letter?.key;
  const consolidated = batch.members.length > 0;
  const covered = [{ invoice, step, key }, ...batch.members.map((m) => ({ ...m, key: m.step as ClaimKey }))];
  const recipients = email.to.length + (email.cc?.length ?? 0);
  let escalation: EscalationPlan | undefined;
  for (const item of covered) {
    const id = item.invoice.invoiceId;
    const copyKey = evidenceKey(id, item.key, messageId);
    const copy = {
      ...sentCopy(email, messageId, nowIso),
      invoiceId: id,
      step: item.step,
      ...(letterKey ? { letterKey } : {}),
      ...(consolidated ? { consolidated: true, invoiceIds: covered.map((c) => c.invoice.invoiceId) } : {}),
    };
    await deps.documents.put(copyKey, JSON.stringify(copy), 'application/json');
    const lead = item.invoice === invoice;
    const deadline = lead ? prepared.context.paymentDeadline : undefined;
    const sequence = await store.markStepSent(
      item.invoice,
      { step: item.key, messageId, sentAt: nowIso },
      statusReached(item.invoice, item.step),
      { noticeDeadline: deadline, consolidated },
    );
    if (lead && step === 'formal_notice') escalation = await replanEscalation(store, invoice, now, seller);
    await store.appendEvent(
      id,
      {
        at: nowIso,
        type: EVENT_TYPES[item.step],
        step: item.step,
        ...(item.key !== item.step ? { key: item.key } : {}),
        messageId,
        evidenceKey: copyKey,
        recipients,
        ...(letterKey && lead ? { letterKey } : {}),
        ...(consolidated ? { consolidated: true, invoices: covered.length } : {}),
      },
      sequence,
    );
  }
  if (batch.contact) {
    const members = covered.map((c) => memberKey(c.invoice.invoiceId, c.key));
    await deps.contactDays.markSent(batch.contact, messageId, members);
  }
  if (prepared.letter) {
    await deps.letters.dispatch(invoice, seller, {
      ...prepared.letter,
      sentOn: prepared.context.today,
      ...(prepared.context.paymentDeadline ? { deadline: prepared.context.paymentDeadline } : {}),
    });
  }
  putMetric('MessagesSent', { step }, 1);
  logger.info('Message sent', {
    invoiceId: invoice.invoiceId,
    step,
    messageId,
    to: email.to.map(redactEmail),
    ...(consolidated ? { invoices: covered.length } : {}),
  });
  return {
    outcome: 'sent',
    step,
    messageId,
    ...(consolidated ? { invoices: covered.length } : {}),
    ...(escalation ? { escalation } : {}),
  };
}

/** The cadence's status follows what was sent (core/lifecycle); other messages leave it alone. */
function statusReached(invoice: InvoiceRecord, step: MessageStep): InvoiceRecord['status'] | undefined {
  if (!isCadenceStep(step)) return undefined;
  const reached = statusAfter({ ...invoice.steps, [step]: { state: 'sent' } });
  return reached !== invoice.status ? reached : undefined;
}
