import { attachmentNames, firmestStep, isConsolidatedStep } from '../core/consolidation';
import { daysBetween, localDate } from '../core/dates';
import { noticeTerms } from '../core/legal-calendar';
import type { MessageContext } from '../core/messages';
import { allocateInstallments, parseInstallmentKey } from '../core/payment-plan';
import { isReplyStep, signReplyToken } from '../core/reply-token';
import { MESSAGE_STEPS, type MessageStep } from '../core/steps';
import { resolvePayerProfile } from '../core/tone';
import type { EmailAttachment } from '../shared/mailer';
import { statementFor } from '../shared/statements';
import type { ClaimKey, InvoiceRecord } from '../shared/store';
import { InvalidTaskInputError } from '../shared/workflow-errors';
import type { ListedInvoice } from './consolidated';
import { payerHistory } from './payer-history';
import type { Batch, SendDeps, SendTarget } from './ports';
import { renderConsolidated, renderFormalNoticeLetter, renderMessage } from './render';

/** A message ready for the mailer: its context, content, attachments and (formal notice) its letter. */
export interface PreparedMessage {
  readonly context: MessageContext;
  readonly message: { readonly subject: string; readonly html: string; readonly text: string };
  readonly attachments: readonly EmailAttachment[];
  readonly letter?: { readonly key: string; readonly bytes: Uint8Array; readonly fileName: string };
}

/**
 * Everything a send needs before the mailer is called: the context, the rendered message, the PDFs it
 * attaches and, for a formal notice, the letter (stored first: the email and the post carry the same file).
 */
export async function prepareMessage(
  deps: SendDeps,
  target: SendTarget,
  batch: Batch,
): Promise<PreparedMessage> {
  const { invoice, step } = target;
  if (batch.members.length > 0 && isConsolidatedStep(step)) {
    // One email for several invoices: the firmest step's layout, every PDF attached (docs/domain.md).
    const firmest = firmestStep([step, ...batch.members.map((m) => m.step)]);
    const context = { ...(await buildContext(deps, { ...target, step: firmest })), step: firmest };
    const invoices = [invoice, ...batch.members.map((m) => m.invoice)];
    const names = attachmentNames(invoices.map((i) => i.number));
    const attachments: EmailAttachment[] = [];
    for (const [index, listed] of invoices.entries()) {
      attachments.push({ fileName: names[index] as string, bytes: await deps.documents.read(listed.pdfKey) });
    }
    const listed: ListedInvoice[] = invoices.map((i) => ({
      number: i.number,
      dueDate: i.dueDate,
      balanceMinor: i.balanceMinor,
      daysLate: Math.max(0, daysBetween(i.dueDate, context.today)),
    }));
    return { context, message: await renderConsolidated(context, listed), attachments };
  }
  const context = await buildContext(deps, target);
  const message = renderMessage(context);
  const attachments: EmailAttachment[] = [];
  if (step !== 'thank_you' && step !== 'escalation') {
    attachments.push({
      fileName: `${safeFileName(invoice.number)}.pdf`,
      bytes: await deps.documents.read(invoice.pdfKey),
    });
  }
  if (step !== 'formal_notice') return { context, message, attachments };
  const bytes = await renderFormalNoticeLetter(context);
  const key = `letters/${invoice.invoiceId}/formal-notice-${context.today}.pdf`;
  await deps.documents.put(key, bytes, 'application/pdf');
  const letterName = context.locale === 'fr' ? 'mise-en-demeure' : 'formal-notice';
  const letter = { key, bytes, fileName: `${letterName}-${safeFileName(invoice.number)}.pdf` };
  return { context, message, attachments: [...attachments, { fileName: letter.fileName, bytes }], letter };
}

/** What the templates read: the invoice, its statement today, the tone, earlier messages, links. */
async function buildContext(deps: SendDeps, target: SendTarget): Promise<MessageContext> {
  const { invoice, seller, step, key, now } = target;
  const today = localDate(now, seller.sendWindow);
  const previousMessages = MESSAGE_STEPS.flatMap((previous) => {
    const claim = invoice.steps?.[previous];
    return previous !== step && claim?.state === 'sent' && claim.messageId
      ? [{ step: previous, sentAt: claim.sentAt ?? claim.claimedAt, messageId: claim.messageId }]
      : [];
  }).sort((a, b) => a.sentAt.localeCompare(b.sentAt));
  // The notice's deadline runs from its actual send date (today), whatever date it was planned for.
  const paymentDeadline =
    step === 'formal_notice'
      ? noticeTerms(now, seller.cadence.noticeDeadlineDays, seller.sendWindow).deadline
      : undefined;
  const tone = invoice.customer.payerProfile
    ? invoice.customer.payerProfile
    : resolvePayerProfile(undefined, await payerHistory(deps, invoice, today, seller));
  return {
    step,
    // The escalation is read by the seller's finance team, in the seller's language.
    locale: step === 'escalation' ? seller.defaultLocale : (invoice.customer.locale ?? seller.defaultLocale),
    tone,
    seller,
    customer: invoice.customer,
    invoice: {
      invoiceId: invoice.invoiceId,
      number: invoice.number,
      issueDate: invoice.issueDate,
      dueDate: invoice.dueDate,
      currency: invoice.currency,
      totalMinor: invoice.totalMinor,
      paidMinor: invoice.paidMinor,
      balanceMinor: invoice.balanceMinor,
      ...(invoice.paymentLink ? { paymentLink: invoice.paymentLink } : {}),
      ...(invoice.purchaseOrder ? { purchaseOrder: invoice.purchaseOrder } : {}),
    },
    statement: paymentDeadline
      ? { ...statementFor(invoice, seller, today), noticeDeadline: paymentDeadline }
      : statementFor(invoice, seller, today),
    today,
    previousMessages,
    payments: Object.entries(invoice.payments ?? {})
      .map(([paymentId, p]) => ({ paymentId, amountMinor: p.amountMinor, paidAt: p.paidAt }))
      .sort((a, b) => a.paidAt.localeCompare(b.paidAt)),
    ...(paymentDeadline ? { paymentDeadline } : {}),
    ...(step === 'thank_you' && invoice.flags?.penalties_due ? { extrasClaimed: true } : {}),
    ...(step === 'escalation' && deps.apiUrl ? { apiUrl: deps.apiUrl } : {}),
    ...(step === 'installment_reminder' ? { installment: installmentContext(invoice, key, today) } : {}),
    ...(await replyLink(deps, invoice.invoiceId, step, now)),
  };
}

/** The signed reply link of a customer reminder (none for the thank-you and the escalation). */
async function replyLink(
  deps: SendDeps,
  invoiceId: string,
  step: MessageStep,
  now: Date,
): Promise<{ replyUrl?: string }> {
  if (!deps.replies || !isReplyStep(step)) return {};
  const token = signReplyToken({ invoiceId, step, sentAt: now }, await deps.replies.secrets());
  return { replyUrl: `${deps.replies.baseUrl.replace(/\/+$/, '')}/r/${token}` };
}

/** The installment a reminder is about, and the whole plan as payments cover it today. */
function installmentContext(
  invoice: InvoiceRecord,
  key: ClaimKey,
  today: string,
): MessageContext['installment'] {
  const parsed = parseInstallmentKey(key);
  if (!invoice.plan || !parsed) throw new InvalidTaskInputError(`No payment plan for ${key}`);
  return {
    number: parsed.number,
    phase: parsed.phase,
    installments: allocateInstallments(invoice.plan, invoice.paidMinor, today),
  };
}

function safeFileName(value: string): string {
  return value.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 80) || 'invoice';
}
