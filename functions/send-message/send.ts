import { createHash } from 'node:crypto';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { SendEmailCommand } from '@aws-sdk/client-sesv2';
import {
  attachmentNames,
  CONSOLIDATED,
  type ConsolidatedStep,
  CUSTOMER_ALREADY_CONTACTED,
  firmestStep,
  isConsolidatedStep,
  memberKey,
  takesContactDay,
} from '../core/consolidation';
import { daysBetween, localDate } from '../core/dates';
import { noticeTerms } from '../core/legal-calendar';
import { canSend, statusAfter } from '../core/lifecycle';
import type { MessageContext } from '../core/messages';
import { allocateInstallments, parseInstallmentKey } from '../core/payment-plan';
import { isReplyStep, signReplyToken } from '../core/reply-token';
import type { Seller } from '../core/schemas';
import { sendSlot } from '../core/spread';
import { isCadenceStep, MESSAGE_STEPS, type MessageStep } from '../core/steps';
import { resolvePayerProfile } from '../core/tone';
import { isCustomerStep, UNDELIVERABLE } from '../core/undeliverable';
import { postalMail } from '../postal/config';
import { dispatchFormalNoticeLetter } from '../postal/dispatch';
import { s3Client } from '../shared/aws/s3';
import { sesClient } from '../shared/aws/ses';
import type { ContactDayRef } from '../shared/contact-store';
import { evidenceCopyKeeper } from '../shared/evidence-copy';
import { logger, redactEmail } from '../shared/logger';
import { putMetric } from '../shared/metrics';
import { statementFor } from '../shared/statements';
import type { ClaimKey, InvoiceRecord, StepClaim, Store } from '../shared/store';
import { skipUndeliverableStep } from '../shared/undeliverable';
import {
  InvalidTaskInputError,
  InvoiceNotFoundError,
  SellerNotFoundError,
  SendRateLimitedError,
  TransientSendError,
} from '../shared/workflow-errors';
import {
  holdSending,
  type SenderRuntime,
  sendingKey,
  settleOpenClaim,
  settleRemindersInFlight,
} from './claims';
import type { ListedInvoice } from './consolidated';
import { payerHistory } from './payer-history';
import { renderConsolidated, renderFormalNoticeLetter, renderMessage } from './render';
import { formatAddress } from './view';

export { formatAddress } from './view';

export interface SendDeps {
  readonly store: Store;
  readonly bucketName: string;
  readonly configurationSet: string;
  readonly now: () => Date;
  /** Base URL of the API, for the evidence link of the escalation. */
  readonly apiUrl?: string;
  /** Where customer reminders link to (`<baseUrl>/r/<token>`) and the keys that sign the tokens. */
  readonly replies?: { readonly baseUrl: string; readonly secrets: () => Promise<readonly string[]> };
  /** This sender runtime: judges claims left open by others (see `judgeClaim`). */
  readonly runtime: SenderRuntime;
}

/** Formal notice only: when the escalation goes, re-planned from the notice's actual send date. */
export interface EscalationPlan {
  readonly at: string;
  readonly state: 'planned' | 'skipped';
}

export type SendResult = (
  | {
      readonly outcome: 'sent';
      readonly step: MessageStep;
      readonly messageId: string;
      /** A consolidated email: how many invoices it covered. */
      readonly invoices?: number;
    }
  | { readonly outcome: 'skipped'; readonly step: MessageStep; readonly reason: string }
  /** Moved to `at` (the next business day): the customer's address already got its message today. */
  | {
      readonly outcome: 'postponed';
      readonly step: MessageStep;
      readonly reason: string;
      readonly at: string;
    }
) & { readonly escalation?: EscalationPlan };

/** What one send covers: the lead invoice's step and, consolidated into its email, other invoices' steps. */
interface Batch {
  readonly members: readonly { readonly invoice: InvoiceRecord; readonly step: ConsolidatedStep }[];
  readonly contact?: { readonly ref: ContactDayRef; readonly lead: string };
}

/** SES answered with an error that retrying will not fix (rejected message, bad identity…). */
export class SendRejectedError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'SendRejectedError';
  }
}

const EVENT_TYPES: Record<MessageStep, string> = {
  courtesy_reminder: 'reminder_sent',
  first_reminder: 'reminder_sent',
  second_reminder: 'reminder_sent',
  formal_notice: 'formal_notice_sent',
  escalation: 'escalated',
  installment_reminder: 'installment_reminder_sent',
  thank_you: 'thank_you_sent',
};

/** SES's answers when the account's sending rate or 24-hour quota is used up: retried for hours. */
const RATE_LIMITED_SES_ERRORS = new Set([
  'TooManyRequestsException',
  'LimitExceededException',
  'Throttling',
  'ThrottlingException',
]);

const RETRYABLE_SES_ERRORS = new Set(['InternalFailure', 'ServiceUnavailable']);

/**
 * Sends one step of one invoice exactly once:
 * 1. a conditional write claims `invoice + step` and re-checks, in the same write, that the invoice is
 *    still due (or paid, for the thank-you) — a payment recorded a millisecond earlier wins;
 * 2. the message is rendered and sent through SES v2 with the invoice PDF (and the formal-notice letter);
 * 3. the SES message id, the evidence copy in S3 and an event are recorded.
 * If anything fails before SES is called, or SES answers with an error, nothing was sent: the claim is
 * released so a retry can send. If the sender dies between the claim and SES's answer, the outcome is
 * unknowable: a later attempt that finds the claim abandoned (judged in real time and by sender runtime,
 * `judgeClaim`) does not send again, marks the step `unknown` and records a `send_outcome_unknown` event;
 * one that finds it still in flight throws `SendInProgressError` for the state machine to retry later.
 * A thank-you first settles every reminder claim still open on the invoice.
 */
export async function sendStep(
  deps: SendDeps,
  invoiceId: string,
  step: MessageStep,
  options: { readonly installmentKey?: ClaimKey; readonly settledBefore?: boolean } = {},
): Promise<SendResult> {
  const { store } = deps;
  const invoice = await store.getInvoice(invoiceId);
  if (!invoice) throw new InvoiceNotFoundError(invoiceId);
  const sellerRecord = await store.getSeller(invoice.sellerId);
  if (!sellerRecord) throw new SellerNotFoundError(invoice.sellerId);
  // Profiles are stored as the validated output of sellerSchema (defaults filled): no re-parse here, which
  // keeps zod schemas and holiday calendars out of this function's bundle.
  const seller: Seller = sellerRecord.profile;
  const now = deps.now();
  const nowIso = now.toISOString();

  const owner = { claimedAt: nowIso, claimedBy: deps.runtime.id, claimedAtWallMs: deps.runtime.wallNowMs() };
  // Installment reminders are claimed per installment and phase; every other step by its name.
  const key: ClaimKey =
    step === 'installment_reminder' ? requireInstallmentKey(options.installmentKey) : step;
  // Held before the contact day is taken, so that a sibling judging this lead sees it in flight.
  const holds: (() => void)[] = [];
  const mark = (entry: string) => holds.push(holdSending(deps.runtime, entry));
  const unmark = () => {
    for (const release of holds.splice(0)) release();
  };
  mark(sendingKey(invoiceId, key));
  try {
    const gate = takesContactDay(step)
      ? await (await contactDay()).openContactDay(deps, invoice, seller, step, now, key)
      : ({ kind: 'open' } as const);
    if (gate.kind === 'postponed')
      return { outcome: 'postponed', step, reason: CUSTOMER_ALREADY_CONTACTED, at: gate.at };
    const contact = gate.kind === 'lead' ? { ref: gate.ref, lead: gate.lead } : undefined;
    if (!(await store.claimStep(invoiceId, step, owner, key))) {
      if (contact) await (await contactDay()).releaseContactDay(store, contact);
      // Not sending after all: a claim left by this runtime is judged as before (abandoned).
      unmark();
      return await notClaimed(deps, invoice, seller, step, key, now, options);
    }
    const members: Batch['members'][number][] = [];
    for (const other of gate.kind === 'lead' ? gate.joining : []) {
      mark(sendingKey(other.invoiceId, other.step));
      // A payment, pause or claim that got there first leaves the invoice out of this email.
      if (!(await store.claimStep(other.invoiceId, other.step, { ...owner, consolidatedInto: invoiceId })))
        continue;
      const claimed = await store.getInvoice(other.invoiceId);
      if (claimed) members.push({ invoice: claimed, step: other.step });
    }
    return await sendClaimed(deps, invoice, seller, step, key, now, {
      members,
      ...(contact ? { contact } : {}),
    });
  } finally {
    unmark();
  }
}

type ContactDayModule = typeof import('./contact-day');
let contactDayModule: Promise<ContactDayModule> | undefined;

/** The contact-day module loads on the first customer reminder or notice (BaseFunction `lazyModules`). */
function contactDay(): Promise<ContactDayModule> {
  contactDayModule ??= import(contactDaySpecifier()) as Promise<ContactDayModule>;
  return contactDayModule;
}

function contactDaySpecifier(): string {
  return import.meta.url.endsWith('.mjs') ? './contact-day.mjs' : './contact-day.ts';
}

/** The claim of `invoice + step` was refused: explain why (already sent, in flight, no longer due…). */
async function notClaimed(
  deps: SendDeps,
  invoice: InvoiceRecord,
  seller: Seller,
  step: MessageStep,
  key: ClaimKey,
  now: Date,
  options: { readonly installmentKey?: ClaimKey; readonly settledBefore?: boolean },
): Promise<SendResult> {
  const { store } = deps;
  const { invoiceId } = invoice;
  const current = await store.getInvoice(invoiceId);
  if (
    step === 'thank_you' &&
    current &&
    !current.steps?.thank_you &&
    !options.settledBefore &&
    (await settleRemindersInFlight(store, deps.runtime, current, now))
  ) {
    return sendStep(deps, invoiceId, step, { ...options, settledBefore: true });
  }
  const skipped = await explainSkip(deps, current, invoiceId, step, key, now);
  if (skipped.outcome === 'skipped' && skipped.reason === UNDELIVERABLE)
    return skipUndeliverable(deps, invoice, seller, step, now);
  return step === 'formal_notice'
    ? { ...skipped, escalation: storedEscalation(invoice, now, seller) }
    : skipped;
}

/** Renders, sends and records a step this runtime has just claimed. */
async function sendClaimed(
  deps: SendDeps,
  invoice: InvoiceRecord,
  seller: Seller,
  step: MessageStep,
  key: ClaimKey,
  now: Date,
  batch: Batch = { members: [] },
): Promise<SendResult> {
  const { store } = deps;
  const { invoiceId } = invoice;
  const nowIso = now.toISOString();
  // Nothing reached SES: give every claim (and the contact day) back so the retry (or a redrive) can send.
  const releaseAll = async () => {
    await store.releaseClaim(invoiceId, key);
    for (const member of batch.members) await store.releaseClaim(member.invoice.invoiceId, member.step);
    if (batch.contact) await (await contactDay()).releaseContactDay(store, batch.contact);
  };
  let prepared: Awaited<ReturnType<typeof prepareMessage>>;
  try {
    prepared = await prepareMessage(deps, invoice, seller, step, key, now, batch);
  } catch (error) {
    await releaseAll();
    throw error;
  }
  const { context, message, attachments, letterKey, letterFile } = prepared;

  const to = step === 'escalation' ? [seller.contact.email] : [invoice.customer.email];
  const cc = step === 'escalation' ? [] : [...(invoice.customer.cc ?? [])];
  let messageId: string;
  try {
    const response = await sesClient().send(
      new SendEmailCommand({
        FromEmailAddress: formatAddress(seller.sender.fromName, seller.sender.fromEmail),
        Destination: { ToAddresses: to, ...(cc.length > 0 ? { CcAddresses: cc } : {}) },
        ReplyToAddresses: [seller.sender.replyTo],
        ConfigurationSetName: deps.configurationSet,
        EmailTags: [
          { Name: 'invoiceId', Value: invoiceId },
          { Name: 'step', Value: step },
        ],
        Content: {
          Simple: {
            Subject: { Data: message.subject, Charset: 'UTF-8' },
            Body: {
              Html: { Data: message.html, Charset: 'UTF-8' },
              Text: { Data: message.text, Charset: 'UTF-8' },
            },
            ...(attachments.length > 0
              ? {
                  Attachments: attachments.map((a) => ({
                    FileName: a.fileName,
                    RawContent: a.bytes,
                    ContentType: 'application/pdf',
                    ContentDisposition: 'ATTACHMENT',
                    ContentTransferEncoding: 'BASE64',
                  })),
                }
              : {}),
          },
        },
      }),
    );
    messageId = response.MessageId ?? '';
    if (!messageId) throw new Error('SES returned no MessageId');
  } catch (error) {
    // SES answered: nothing went out. Give the claims back so the retry (or a redrive) can send.
    await releaseAll();
    const name = (error as { name?: string }).name ?? 'Error';
    const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode ?? 0;
    if (RATE_LIMITED_SES_ERRORS.has(name) || status === 429) {
      throw new SendRateLimitedError(`SES throttled the send (${name}); will retry`, { cause: error });
    }
    if (RETRYABLE_SES_ERRORS.has(name) || status >= 500 || status === 0) {
      throw new TransientSendError(`SES send failed (${name}); will retry`, { cause: error });
    }
    throw new SendRejectedError(`SES rejected the ${step} of ${invoiceId}: ${name}`, { cause: error });
  }

  const consolidated = batch.members.length > 0;
  const covered = [{ invoice, step, key }, ...batch.members.map((m) => ({ ...m, key: m.step as ClaimKey }))];
  let escalation: EscalationPlan | undefined;
  for (const item of covered) {
    const id = item.invoice.invoiceId;
    const evidenceKey = `evidence/${id}/${item.key}-${messageId}.json`;
    await s3Client().send(
      new PutObjectCommand({
        Bucket: deps.bucketName,
        Key: evidenceKey,
        ContentType: 'application/json',
        Body: JSON.stringify({
          invoiceId: id,
          step: item.step,
          messageId,
          sentAt: nowIso,
          from: formatAddress(seller.sender.fromName, seller.sender.fromEmail),
          replyTo: seller.sender.replyTo,
          to,
          cc,
          subject: message.subject,
          html: message.html,
          text: message.text,
          attachments: attachments.map((a) => ({
            fileName: a.fileName,
            bytes: a.bytes.length,
            sha256: createHash('sha256').update(a.bytes).digest('hex'),
          })),
          ...(letterKey ? { letterKey } : {}),
          ...(consolidated
            ? { consolidated: true, invoiceIds: covered.map((c) => c.invoice.invoiceId) }
            : {}),
        }),
      }),
    );
    const deadline = item.invoice === invoice ? context.paymentDeadline : undefined;
    // The cadence's status follows what was sent (core/lifecycle); other messages leave it alone.
    const reached = isCadenceStep(item.step)
      ? statusAfter({ ...item.invoice.steps, [item.step]: { state: 'sent' } })
      : undefined;
    const nextStatus = reached !== item.invoice.status ? reached : undefined;
    await store.markStepSent(item.invoice, item.key, messageId, nowIso, nextStatus, deadline, consolidated);
    if (item.invoice === invoice && step === 'formal_notice')
      escalation = await replanEscalation(store, invoice, now, seller);
    await store.appendEvent(id, {
      at: nowIso,
      type: EVENT_TYPES[item.step],
      step: item.step,
      ...(item.key !== item.step ? { key: item.key } : {}),
      messageId,
      evidenceKey,
      recipients: to.length + cc.length,
      ...(letterKey && item.invoice === invoice ? { letterKey } : {}),
      ...(consolidated ? { consolidated: true, invoices: covered.length } : {}),
    });
  }
  if (batch.contact) {
    const members = covered.map((c) => memberKey(c.invoice.invoiceId, c.key));
    await (await contactDay()).markContactDaySent(store, batch.contact, messageId, members);
  }
  if (letterFile) {
    await dispatchFormalNoticeLetter(
      {
        store,
        bucketName: deps.bucketName,
        now: deps.now,
        alerts: { configurationSet: deps.configurationSet, keepCopy: evidenceCopyKeeper(deps.bucketName) },
      },
      // A misconfigured provider must not fail a sent notice: the letter is then left for the seller to post.
      await postalMail().catch((error: unknown) => {
        logger.error('Postal mail provider unavailable', { error: (error as Error).name });
        return undefined;
      }),
      invoice,
      seller,
      {
        ...letterFile,
        sentOn: context.today,
        ...(context.paymentDeadline ? { deadline: context.paymentDeadline } : {}),
      },
    );
  }
  putMetric('MessagesSent', { step }, 1);
  logger.info('Message sent', {
    invoiceId,
    step,
    messageId,
    to: to.map(redactEmail),
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

/** Everything a send needs before SES is called: context, rendered message, attachments, the letter. */
async function prepareMessage(
  deps: SendDeps,
  invoice: InvoiceRecord,
  seller: Seller,
  step: MessageStep,
  key: ClaimKey,
  now: Date,
  batch: Batch,
) {
  const { invoiceId } = invoice;
  const attachments: { fileName: string; bytes: Uint8Array }[] = [];
  if (batch.members.length > 0 && isConsolidatedStep(step)) {
    // One email for several invoices: the firmest step's layout, every PDF attached (docs/domain.md).
    const firmest = firmestStep([step, ...batch.members.map((m) => m.step)]);
    const context = { ...(await buildContext(deps, invoice, seller, firmest, key, now)), step: firmest };
    const invoices = [invoice, ...batch.members.map((m) => m.invoice)];
    const names = attachmentNames(invoices.map((i) => i.number));
    for (const [index, listed] of invoices.entries()) {
      attachments.push({ fileName: names[index] as string, bytes: await readObject(deps, listed.pdfKey) });
    }
    const listed: ListedInvoice[] = invoices.map((i) => ({
      number: i.number,
      dueDate: i.dueDate,
      balanceMinor: i.balanceMinor,
      daysLate: Math.max(0, daysBetween(i.dueDate, context.today)),
    }));
    return { context, message: await renderConsolidated(context, listed), attachments, letterKey: undefined };
  }
  const context = await buildContext(deps, invoice, seller, step, key, now);
  const message = renderMessage(context);
  if (step !== 'thank_you' && step !== 'escalation') {
    attachments.push({
      fileName: `${safeFileName(invoice.number)}.pdf`,
      bytes: await readObject(deps, invoice.pdfKey),
    });
  }
  let letterKey: string | undefined;
  let letterFile: { key: string; bytes: Uint8Array; fileName: string } | undefined;
  if (step === 'formal_notice') {
    const letter = await renderFormalNoticeLetter(context);
    letterKey = `letters/${invoiceId}/formal-notice-${context.today}.pdf`;
    await s3Client().send(
      new PutObjectCommand({
        Bucket: deps.bucketName,
        Key: letterKey,
        Body: letter,
        ContentType: 'application/pdf',
      }),
    );
    const letterName = context.locale === 'fr' ? 'mise-en-demeure' : 'formal-notice';
    const fileName = `${letterName}-${safeFileName(invoice.number)}.pdf`;
    attachments.push({ fileName, bytes: letter });
    letterFile = { key: letterKey, bytes: letter, fileName };
  }

  return { context, message, attachments, letterKey, letterFile };
}

/**
 * Re-plans the escalation from the notice's actual send date (the first business day after the deadline
 * it printed) and stores it in the schedule; the state machine's next Wait reads it from the result.
 */
async function replanEscalation(
  store: Store,
  invoice: InvoiceRecord,
  now: Date,
  seller: Seller,
): Promise<EscalationPlan> {
  const at = noticeTerms(
    now,
    seller.cadence.noticeDeadlineDays,
    customerSlot(invoice, seller),
  ).escalationAt.toISOString();
  const index = (invoice.schedule ?? []).findIndex((entry) => entry.step === 'escalation');
  if (index >= 0)
    await store.replanStep(invoice.invoiceId, { step: 'escalation', at, state: 'planned' }, index);
  return { at, state: 'planned' };
}

/** The seller's window at this customer's minute, as the planner used it. */
function customerSlot(invoice: InvoiceRecord, seller: Seller) {
  return sendSlot(seller.sendWindow, { sellerId: invoice.sellerId, customerId: invoice.customer.id });
}

/** A customer step for an address that bounced: skipped (the notice takes its escalation along). */
async function skipUndeliverable(
  deps: SendDeps,
  invoice: InvoiceRecord,
  seller: Seller,
  step: MessageStep,
  now: Date,
): Promise<SendResult> {
  const current = (await deps.store.getInvoice(invoice.invoiceId)) ?? invoice;
  await skipUndeliverableStep(
    { store: deps.store, configurationSet: deps.configurationSet, now: deps.now },
    current,
    seller,
    step,
  );
  const skipped = { outcome: 'skipped', step, reason: UNDELIVERABLE } as const;
  if (step !== 'formal_notice') return skipped;
  const planned = (current.schedule ?? []).find((entry) => entry.step === 'escalation');
  return { ...skipped, escalation: { at: planned?.at ?? now.toISOString(), state: 'skipped' } };
}

/** The escalation as stored (a notice already sent re-planned it), for a notice attempt that sent nothing. */
function storedEscalation(invoice: InvoiceRecord, now: Date, seller: Seller): EscalationPlan {
  const entry = (invoice.schedule ?? []).find((candidate) => candidate.step === 'escalation');
  if (entry) return { at: entry.at, state: entry.state === 'planned' ? 'planned' : 'skipped' };
  return {
    at: noticeTerms(
      now,
      seller.cadence.noticeDeadlineDays,
      customerSlot(invoice, seller),
    ).escalationAt.toISOString(),
    state: 'planned',
  };
}

async function explainSkip(
  deps: SendDeps,
  invoice: InvoiceRecord | undefined,
  invoiceId: string,
  step: MessageStep,
  key: ClaimKey,
  now: Date,
): Promise<SendResult> {
  const claim = (invoice?.steps as Partial<Record<ClaimKey, StepClaim>> | undefined)?.[key];
  // Sent inside another invoice's email: this invoice's timeline and view already show it.
  if (claim?.state === 'sent')
    return { outcome: 'skipped', step, reason: claim.consolidatedInto ? CONSOLIDATED : 'already_sent' };
  if (claim?.state === 'claimed') {
    await settleOpenClaim(deps.store, deps.runtime, invoiceId, key, claim, now);
    return { outcome: 'skipped', step, reason: 'send_outcome_unknown' };
  }
  if (claim?.state === 'unknown') return { outcome: 'skipped', step, reason: 'send_outcome_unknown' };
  // The address is the only obstacle when the invoice is still in a state where this step may go.
  const sendable = invoice !== undefined && canSend(step, invoice.status);
  if (invoice?.flags?.undeliverable && isCustomerStep(step) && sendable)
    return { outcome: 'skipped', step, reason: UNDELIVERABLE };
  return { outcome: 'skipped', step, reason: `invoice_${invoice?.status ?? 'missing'}` };
}

async function buildContext(
  deps: SendDeps,
  invoice: InvoiceRecord,
  seller: Seller,
  step: MessageStep,
  key: ClaimKey,
  now: Date,
): Promise<MessageContext> {
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

async function readObject(deps: SendDeps, key: string): Promise<Uint8Array> {
  const object = await s3Client().send(new GetObjectCommand({ Bucket: deps.bucketName, Key: key }));
  if (!object.Body) throw new Error(`Empty object ${key}`);
  return object.Body.transformToByteArray();
}

function requireInstallmentKey(key: ClaimKey | undefined): ClaimKey {
  if (key === undefined || !parseInstallmentKey(key)) {
    throw new InvalidTaskInputError(
      'An installment reminder needs its installment key (installment_<n>_before|after)',
    );
  }
  return key;
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
