import { createHash } from 'node:crypto';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { DEFAULT_SEND_WINDOW } from '../core/calendar';
import { localDate } from '../core/dates';
import type { FacturXProfile, InvoiceOrigin } from '../core/facturx/cii';
import { sellerIdentityProblems } from '../core/facturx/seller';
import { executionNames, invoiceIdFor } from '../core/ids';
import {
  canCancel,
  canPause,
  canResume,
  resumedStatus,
  stoppedReason as stoppedReasonOf,
} from '../core/lifecycle';
import { limitationDate } from '../core/limitation';
import {
  allocateInstallments,
  type InstallmentView,
  type PaymentPlan,
  type PaymentPlanInput,
  type PlanReminderView,
  planReminders,
} from '../core/payment-plan';
import { penaltyRateProblem } from '../core/rates';
import { latestAcceptableDueDate, planSchedule } from '../core/schedule';
import {
  type CancelInput,
  type ContactInput,
  type Invoice,
  isSellerObjectKey,
  MAX_PDF_BYTES,
  type PauseInput,
  type Seller,
  sellerSchema,
} from '../core/schemas';
import { extrasDue, type Statement } from '../core/statement';
import type { MessageStep } from '../core/steps';
import { isCustomerStep, UNDELIVERABLE } from '../core/undeliverable';
import { s3Client } from './aws/s3';
import { now } from './clock';
import { updateContact } from './contact';
import type { Executions } from './executions';
import { recordPaymentMetrics, recordSettlementMetrics } from './finance-metrics';
import { HttpError } from './http';
import { planLimitationAlert } from './limitation-alerts';
import { pauseInvoice } from './pause';
import { agreePaymentPlan } from './payment-plans';
import { startOrDefer } from './pending-starts';
import { alertInsolvency } from './seller-alerts';
import { statementFor } from './statements';
import type { InvoiceEvent, InvoiceRecord, InvoiceStatus, PaymentEntry, PenaltyTerms, Store } from './store';

export interface InvoiceServiceDeps {
  readonly store: Store;
  readonly executions: Executions;
  readonly bucketName: string;
  readonly now: () => Date;
  /** SES configuration set of the seller alerts (insolvency); without it no alert is sent. */
  readonly configurationSet?: string;
}

export interface ScheduleView {
  readonly step: MessageStep;
  readonly at: string;
  readonly state: 'planned' | 'sent' | 'skipped' | 'cancelled';
  readonly reason?: string;
  readonly messageId?: string;
  /** Sent in one email with the customer's other invoices (the same `messageId` on each). */
  readonly consolidated?: boolean;
  /** What SES reported for this message: delivered to the recipient's server, bounced or complained. */
  readonly delivery?: MessageDelivery;
  /** Formal notice: the payment deadline it gives or gave. */
  readonly deadline?: string;
}

export interface MessageDelivery {
  readonly state: 'delivered' | 'bounced' | 'complained';
  readonly at: string;
}

export interface RegisteredLetterView {
  readonly provider: string;
  readonly state: 'posting' | 'sent' | 'delivered' | 'returned' | 'failed';
  readonly trackingNumber?: string;
  readonly sentAt?: string;
  readonly deliveredAt?: string;
  readonly returnedAt?: string;
  readonly lastStatus?: { readonly code?: string; readonly label?: string; readonly at?: string };
  /** The provider's proof (signed receipt or return) is kept and is in the evidence bundle. */
  readonly proofAvailable: boolean;
  readonly error?: string;
}

export interface InvoiceView {
  readonly invoiceId: string;
  readonly sellerId: string;
  readonly number: string;
  readonly status: InvoiceStatus;
  readonly flags: string[];
  readonly currency: string;
  readonly totalMinor: number;
  readonly paidMinor: number;
  readonly balanceMinor: number;
  readonly issueDate: string;
  readonly dueDate: string;
  /** Last day to bring the claim to court (5 years business, 2 years consumer, from the due date). */
  readonly limitationDate: string;
  readonly customer: InvoiceRecord['customer'];
  readonly paymentLink?: string;
  readonly purchaseOrder?: string;
  readonly registeredAt: string;
  readonly schedule: ScheduleView[];
  readonly payments: ({ paymentId: string } & PaymentEntry)[];
  readonly pause?: InvoiceRecord['pause'];
  readonly cancellation?: InvoiceRecord['cancellation'];
  /** The formal notice's registered letter, when a postal provider posted it. */
  readonly registeredLetter?: RegisteredLetterView;
  readonly penaltyTerms?: PenaltyTerms;
  readonly undeliverable?: InvoiceRecord['undeliverable'];
  readonly source: 'factur-x' | 'json';
  readonly facturX?: { readonly profile: FacturXProfile };
  readonly events?: InvoiceEvent[];
  readonly statement?: Statement;
  /** The payment plan, if one was agreed: installments with what payments cover (in order) and state. */
  readonly plan?: {
    readonly state: PaymentPlan['state'] | 'completed';
    readonly agreedAt: string;
    readonly note?: string;
    readonly installments: Omit<InstallmentView, 'number'>[];
    readonly reminders: PlanReminderView[];
  };
}

const PDF_MAGIC = Buffer.from('%PDF-');

/** Deterministic JSON (sorted keys) so equal content always hashes equally. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

function sha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Builds the public view of an invoice (the API's `Invoice` schema) from its item. */
export function toInvoiceView(record: InvoiceRecord): InvoiceView {
  const stoppedReason = stoppedReasonOf(record.status);
  // Customer steps (and an escalation whose notice cannot go) will be skipped until the address is fixed.
  const undeliverable = record.flags?.undeliverable !== undefined;
  const schedule: ScheduleView[] = (record.schedule ?? []).map((entry) => {
    const claim = record.steps?.[entry.step];
    if (claim?.state === 'sent') {
      const deadline = entry.step === 'formal_notice' ? (record.noticeDeadline ?? entry.deadline) : undefined;
      return {
        step: entry.step,
        at: claim.sentAt ?? entry.at,
        state: 'sent',
        messageId: claim.messageId,
        ...(claim.consolidated ? { consolidated: true } : {}),
        ...(deadline ? { deadline } : {}),
      };
    }
    if (claim?.state === 'unknown') {
      return { step: entry.step, at: claim.claimedAt, state: 'skipped', reason: 'send_outcome_unknown' };
    }
    if (entry.state === 'skipped')
      return { step: entry.step, at: entry.at, state: 'skipped', reason: entry.reason };
    if (stoppedReason && !claim)
      return { step: entry.step, at: entry.at, state: 'cancelled', reason: stoppedReason };
    if (undeliverable && !claim && (isCustomerStep(entry.step) || !record.steps?.formal_notice))
      return { step: entry.step, at: entry.at, state: 'skipped', reason: UNDELIVERABLE };
    return {
      step: entry.step,
      at: entry.at,
      state: 'planned',
      // Moved to a later business day (customer_already_contacted).
      ...(entry.reason ? { reason: entry.reason } : {}),
      ...(entry.deadline ? { deadline: entry.deadline } : {}),
    };
  });
  const thanks = record.steps?.thank_you;
  if (thanks?.state === 'sent') {
    schedule.push({
      step: 'thank_you',
      at: thanks.sentAt ?? thanks.claimedAt,
      state: 'sent',
      messageId: thanks.messageId,
    });
  }
  return {
    invoiceId: record.invoiceId,
    sellerId: record.sellerId,
    number: record.number,
    status: record.status,
    flags: Object.keys(record.flags ?? {}).sort(),
    currency: record.currency,
    totalMinor: record.totalMinor,
    paidMinor: record.paidMinor,
    balanceMinor: record.balanceMinor,
    issueDate: record.issueDate,
    dueDate: record.dueDate,
    limitationDate: limitationDate(record.customer.type, record.dueDate),
    customer: record.customer,
    ...(record.paymentLink ? { paymentLink: record.paymentLink } : {}),
    ...(record.purchaseOrder ? { purchaseOrder: record.purchaseOrder } : {}),
    registeredAt: record.registeredAt,
    schedule,
    payments: Object.entries(record.payments ?? {})
      .map(([paymentId, payment]) => ({ paymentId, ...payment }))
      .sort((a, b) => a.paidAt.localeCompare(b.paidAt)),
    ...(record.pause ? { pause: record.pause } : {}),
    ...(record.cancellation ? { cancellation: record.cancellation } : {}),
    ...(record.postal ? { registeredLetter: registeredLetterView(record.postal) } : {}),
    ...(record.penaltyTerms ? { penaltyTerms: record.penaltyTerms } : {}),
    ...(record.undeliverable ? { undeliverable: record.undeliverable } : {}),
    source: record.source ?? 'json',
    ...(record.facturX ? { facturX: record.facturX } : {}),
    ...(record.plan ? { plan: planView(record, record.plan) } : {}),
  };
}

function planView(record: InvoiceRecord, plan: PaymentPlan): NonNullable<InvoiceView['plan']> {
  const today = localDate(now(), DEFAULT_SEND_WINDOW);
  const running = { paidMinor: record.paidMinor, running: record.status === 'payment_plan', today };
  return {
    state: plan.state === 'active' && record.status === 'paid' ? 'completed' : plan.state,
    agreedAt: plan.agreedAt,
    ...(plan.note ? { note: plan.note } : {}),
    installments: allocateInstallments(plan, record.paidMinor, today).map(({ number: _n, ...rest }) => rest),
    reminders: planReminders(plan, record.steps ?? {}, running, DEFAULT_SEND_WINDOW),
  };
}

function registeredLetterView(postal: NonNullable<InvoiceRecord['postal']>): RegisteredLetterView {
  return {
    provider: postal.provider,
    state: postal.state,
    ...(postal.trackingNumber ? { trackingNumber: postal.trackingNumber } : {}),
    ...(postal.sentAt ? { sentAt: postal.sentAt } : {}),
    ...(postal.settledAt && postal.state === 'delivered' ? { deliveredAt: postal.settledAt } : {}),
    ...(postal.settledAt && postal.state === 'returned' ? { returnedAt: postal.settledAt } : {}),
    ...(postal.lastStatus ? { lastStatus: postal.lastStatus } : {}),
    proofAvailable: postal.proofKey !== undefined,
    ...(postal.error ? { error: postal.error } : {}),
  };
}

/**
 * The penalty terms fixed on an invoice at registration (art. L441-10 Code de commerce: the rate is the
 * one the invoice states): the invoice's own rate, else the seller's current rate, else the statutory
 * rate. A contractual rate below 3 × the legal interest rate of the issue half-year is refused.
 */
export function fixPenaltyTerms(invoice: Invoice, seller: Seller): PenaltyTerms {
  if (invoice.latePenalty)
    return { basis: 'invoice', annualRatePercent: invoice.latePenalty.annualRatePercent };
  const rate = seller.latePenalty?.annualRatePercent;
  if (rate === undefined) return { basis: 'statutory' };
  const problem =
    invoice.customer.type === 'business' ? penaltyRateProblem(rate, invoice.issueDate) : undefined;
  if (problem) {
    throw new HttpError(400, 'Invalid request', "The seller's late-penalty rate is below the legal floor.", [
      {
        path: 'latePenalty.annualRatePercent',
        message: `the seller's rate of ${rate} % ${problem}: state the rate this invoice printed in latePenalty, or update the seller`,
      },
    ]);
  }
  return { basis: 'seller', annualRatePercent: rate };
}

export { MAX_PAUSE_DAYS } from './pause';

export class InvoiceService {
  constructor(private readonly deps: InvoiceServiceDeps) {}

  private get store() {
    return this.deps.store;
  }

  async requireSeller(sellerId: string): Promise<Seller> {
    const record = await this.store.getSeller(sellerId);
    if (!record) throw new HttpError(404, 'Not found', `Seller ${sellerId} does not exist.`);
    return sellerSchema.parse(record.profile);
  }

  async requireInvoice(invoiceId: string): Promise<InvoiceRecord> {
    const record = await this.store.getInvoice(invoiceId);
    if (!record) throw new HttpError(404, 'Not found', `Invoice ${invoiceId} does not exist.`);
    return record;
  }

  /**
   * Registers an invoice (POST /invoices). Idempotent: the id is derived from seller + number, the write
   * is conditional, and an identical re-post returns the stored view (starting the execution if an
   * earlier attempt stored the invoice but could not start it).
   */
  async register(
    invoice: Invoice,
    origin: InvoiceOrigin = { source: 'json' },
  ): Promise<{ status: 200 | 201; view: InvoiceView }> {
    const sellerRecord = await this.store.getSeller(invoice.sellerId);
    if (!sellerRecord) {
      throw new HttpError(400, 'Invalid request', 'The invoice refers to an unknown seller.', [
        {
          path: 'sellerId',
          message: `unknown seller "${invoice.sellerId}": create it with PUT /sellers/{sellerId}`,
        },
      ]);
    }
    const seller = sellerSchema.parse(sellerRecord.profile);
    if (origin.source === 'factur-x') {
      const problems = sellerIdentityProblems(origin.seller, seller.registration);
      if (problems.length > 0) {
        throw new HttpError(
          400,
          'Invalid request',
          `The Factur-X document is not from seller ${invoice.sellerId}.`,
          problems,
        );
      }
    }
    const now = this.deps.now();
    const latestDueDate = latestAcceptableDueDate(now, seller.cadence, seller.sendWindow);
    if (invoice.dueDate > latestDueDate) {
      throw new HttpError(400, 'Invalid request', 'The due date is too far ahead.', [
        {
          path: 'dueDate',
          message: `must be on or before ${latestDueDate}: the whole cadence must fit in one year (Step Functions' execution limit)`,
        },
      ]);
    }

    if ('s3Key' in invoice.pdf && !isSellerObjectKey(invoice.sellerId, invoice.pdf.s3Key)) {
      throw new HttpError(400, 'Invalid request', "The referenced PDF is not one of this seller's objects.", [
        {
          path: 'pdf.s3Key',
          message: `must be under invoices/${invoice.sellerId}/ or uploads/${invoice.sellerId}/`,
        },
      ]);
    }
    const invoiceId = invoiceIdFor(invoice.sellerId, invoice.number);
    const pdfBytes = 'contentBase64' in invoice.pdf ? decodePdf(invoice.pdf.contentBase64) : undefined;
    const pdfIdentity = pdfBytes
      ? { sha256: sha256(pdfBytes) }
      : { s3Key: (invoice.pdf as { s3Key: string }).s3Key };
    const contentHash = sha256(canonicalJson({ ...invoice, pdf: pdfIdentity }));

    const existing = await this.store.getInvoice(invoiceId);
    if (existing) return this.repost(existing, contentHash);
    const penaltyTerms = fixPenaltyTerms(invoice, seller);

    const pdfKey = pdfBytes
      ? `invoices/${invoice.sellerId}/${invoiceId}.pdf`
      : (invoice.pdf as { s3Key: string }).s3Key;
    if (pdfBytes) {
      await s3Client().send(
        new PutObjectCommand({
          Bucket: this.deps.bucketName,
          Key: pdfKey,
          Body: pdfBytes,
          ContentType: 'application/pdf',
        }),
      );
    } else {
      await this.assertStoredPdf(pdfKey);
    }

    const record: InvoiceRecord = {
      invoiceId,
      sellerId: invoice.sellerId,
      number: invoice.number,
      status: 'scheduled',
      flags: {},
      currency: invoice.currency,
      totalMinor: invoice.totalMinor,
      paidMinor: 0,
      balanceMinor: invoice.totalMinor,
      issueDate: invoice.issueDate,
      dueDate: invoice.dueDate,
      customer: invoice.customer,
      pdfKey,
      ...(invoice.paymentLink ? { paymentLink: invoice.paymentLink } : {}),
      ...(invoice.purchaseOrder ? { purchaseOrder: invoice.purchaseOrder } : {}),
      contentHash,
      source: origin.source,
      ...(origin.source === 'factur-x' ? { facturX: { profile: origin.profile } } : {}),
      registeredAt: now.toISOString(),
      // The planner is pure: the 201 already shows the schedule the execution will follow.
      schedule: planSchedule({
        dueDate: invoice.dueDate,
        cadence: seller.cadence,
        sendWindow: seller.sendWindow,
        now,
        mode: 'start',
        spreadKey: { sellerId: invoice.sellerId, customerId: invoice.customer.id },
      }),
      steps: {},
      payments: {},
      resumeCount: 0,
      executionName: executionNames.start(invoiceId),
      executionStarted: false,
      penaltyTerms,
    };
    const created = await this.store.createInvoice(record);
    if (!created) {
      // Lost a race with an identical or conflicting post of the same number.
      return this.repost(await this.requireInvoice(invoiceId), contentHash);
    }
    await this.store.appendEvent(invoiceId, { at: record.registeredAt, type: 'invoice_registered' });
    await planLimitationAlert(this.store, record, localDate(now, seller.sendWindow));
    return { status: 201, view: toInvoiceView(await this.startFirstExecution(record)) };
  }

  private async repost(
    existing: InvoiceRecord,
    contentHash: string,
  ): Promise<{ status: 200; view: InvoiceView }> {
    if (existing.contentHash !== contentHash) {
      throw new HttpError(
        409,
        'Conflict',
        `Invoice ${existing.number} of seller ${existing.sellerId} is already registered with different content.`,
      );
    }
    if (!existing.executionStarted) {
      // A registration cut short after the write: finish it (the alert plan is idempotent).
      await planLimitationAlert(this.store, existing, existing.registeredAt.slice(0, 10));
    }
    const current = existing.executionStarted ? existing : await this.startFirstExecution(existing);
    return { status: 200, view: toInvoiceView(current) };
  }

  /**
   * Starts the invoice's first execution and records that it started; when the open-execution quota is
   * full, the invoice stays stored with its start pending (pending-starts.ts). Returns the stored invoice.
   */
  private async startFirstExecution(record: InvoiceRecord): Promise<InvoiceRecord> {
    await startOrDefer(this.deps, record, this.deps.now());
    return this.requireInvoice(record.invoiceId);
  }

  private async assertStoredPdf(key: string): Promise<void> {
    try {
      const object = await s3Client().send(
        new GetObjectCommand({ Bucket: this.deps.bucketName, Key: key, Range: 'bytes=0-4' }),
      );
      const head = Buffer.from((await object.Body?.transformToByteArray()) ?? []);
      if (!head.subarray(0, 5).equals(PDF_MAGIC)) {
        throw new HttpError(400, 'Invalid request', 'The referenced object is not a PDF.', [
          { path: 'pdf.s3Key', message: 'the object does not start with %PDF-' },
        ]);
      }
    } catch (error) {
      if (error instanceof HttpError) throw error;
      const name = (error as { name?: string }).name;
      if (name === 'NoSuchKey' || name === 'NotFound' || name === 'InvalidRange') {
        throw new HttpError(400, 'Invalid request', 'The referenced PDF does not exist.', [
          { path: 'pdf.s3Key', message: 'no such object in the invoices bucket' },
        ]);
      }
      throw error;
    }
  }

  /** The full view: schedule, events and, with `asOf`, the statement of amounts. */
  async view(invoiceId: string, asOf?: string): Promise<InvoiceView> {
    const record = await this.requireInvoice(invoiceId);
    // Delivery events share the send's instant in local mode (and can in AWS): list them after the send.
    const events = (await this.store.listEvents(invoiceId)).sort(
      (a, b) =>
        a.at.localeCompare(b.at) || Number(a.type.startsWith('email_')) - Number(b.type.startsWith('email_')),
    );
    const base = toInvoiceView(record);
    const deliveries = deliveriesByMessage(events);
    const schedule = base.schedule.map((entry) => {
      const delivery = entry.messageId ? deliveries.get(entry.messageId) : undefined;
      return delivery ? { ...entry, delivery } : entry;
    });
    const view: InvoiceView = { ...base, schedule, events };
    if (asOf === undefined) return view;
    const seller = await this.requireSeller(record.sellerId);
    return { ...view, statement: statementFor(record, seller, asOf) };
  }

  /**
   * Applies a payment at most once and, when it settles the invoice, marks it paid, stops its
   * execution and starts the single thank-you. One conditional write records the payment, its
   * paymentId and (webhooks) the delivery's eventId: a replayed event or a known payment changes
   * nothing, and a known paymentId with another amount is a 409.
   */
  async applyPayment(
    invoiceId: string,
    payment: {
      paymentId: string;
      amountMinor: number;
      paidAt?: string;
      method?: string;
      currency?: string;
      eventId?: string;
    },
    source: PaymentEntry['source'],
  ): Promise<{ applied: boolean; view: InvoiceView }> {
    const record = await this.requireInvoice(invoiceId);
    if (payment.currency !== undefined && payment.currency !== record.currency) {
      throw new HttpError(400, 'Invalid request', 'The payment currency differs from the invoice currency.', [
        { path: 'currency', message: `must be ${record.currency}` },
      ]);
    }
    const now = this.deps.now().toISOString();
    const entry: PaymentEntry = {
      amountMinor: payment.amountMinor,
      paidAt: payment.paidAt ? new Date(payment.paidAt).toISOString() : now,
      ...(payment.method ? { method: payment.method } : {}),
      source,
      recordedAt: now,
    };
    // One attribute per delivered webhook event, on the invoice item: written with the payment.
    const delivery = payment.eventId ? `delivery#${source}#${payment.eventId}` : undefined;
    const applied = await this.store.recordPayment(invoiceId, payment.paymentId, entry, delivery);
    if (!applied) {
      const known = (await this.requireInvoice(invoiceId)).payments?.[payment.paymentId];
      if (known && known.amountMinor !== payment.amountMinor) {
        throw new HttpError(
          409,
          'Conflict',
          `Payment ${payment.paymentId} is already recorded with another amount (${known.amountMinor}).`,
        );
      }
    }
    if (applied) {
      recordPaymentMetrics(record, entry);
      await this.store.appendEvent(invoiceId, {
        at: now,
        type: 'payment_received',
        paymentId: payment.paymentId,
        amountMinor: payment.amountMinor,
        paidAt: entry.paidAt,
        source,
      });
    }
    // Run the settlement even for a duplicate: an earlier delivery may have died before it.
    return { applied, view: toInvoiceView(await this.settleIfPaid(invoiceId)) };
  }

  /** Marks a settled invoice paid (once) and returns the invoice as it now stands. */
  private async settleIfPaid(invoiceId: string): Promise<InvoiceRecord> {
    const record = await this.requireInvoice(invoiceId);
    const now = this.deps.now().toISOString();
    if (record.status === 'cancelled') {
      if (Object.keys(record.payments ?? {}).length > 0 && !record.flags?.payment_after_cancellation) {
        return this.store.setFlag(invoiceId, 'payment_after_cancellation', now);
      }
      return record;
    }
    if (record.balanceMinor > 0) return record;
    const seller = await this.requireSeller(record.sellerId);
    const extras = extrasAfterPrincipal(record, seller, this.deps.now());
    if (record.status === 'paid') {
      await this.sendThanks(record);
      return this.settleExtrasIfPaid(record, extras.totalMinor);
    }
    // Penalties and the indemnity still owed once the principal is paid: waived, or claimed (docs/domain.md).
    const claim = seller.afterPrincipalPaid === 'claim' && extras.totalMinor > 0;
    const settled = await this.store.markPaid(record, now, {
      overpaid: record.balanceMinor < 0,
      penaltiesDue: claim,
    });
    // Another delivery settled it (or a cancellation won) in between: report what is stored.
    if (!settled) return this.requireInvoice(invoiceId);
    await this.store.appendEvent(invoiceId, {
      at: now,
      type: 'invoice_paid',
      paidMinor: record.paidMinor,
      ...(record.balanceMinor < 0 ? { overpaidMinor: -record.balanceMinor } : {}),
    });
    if (extras.totalMinor > 0) {
      await this.store.appendEvent(invoiceId, {
        at: now,
        type: claim ? 'penalties_due' : 'penalties_waived',
        ...extras,
      });
    }
    recordSettlementMetrics(settled, seller.sendWindow?.timezone ?? DEFAULT_SEND_WINDOW.timezone);
    await this.deps.executions.stop(record.executionName, 'Invoice paid');
    await this.sendThanks(record);
    return settled;
  }

  /** In claim mode, later payments that cover the penalties and the indemnity clear `penalties_due`. */
  private async settleExtrasIfPaid(record: InvoiceRecord, extrasMinor: number): Promise<InvoiceRecord> {
    if (!record.flags?.penalties_due || record.paidMinor - record.totalMinor < extrasMinor) return record;
    const updated = await this.store.clearFlag(record.invoiceId, 'penalties_due');
    await this.store.appendEvent(record.invoiceId, {
      at: this.deps.now().toISOString(),
      type: 'penalties_paid',
      amountMinor: extrasMinor,
    });
    return updated;
  }

  /** The thank-you runs as its own short execution; its name makes a second start a no-op. */
  private async sendThanks(record: InvoiceRecord): Promise<void> {
    if (record.steps?.thank_you) return;
    await this.deps.executions.start(executionNames.thankYou(record.invoiceId), {
      invoiceId: record.invoiceId,
      mode: 'thank_you',
    });
  }

  /** Pauses dunning (dispute, promise to pay…); with `until`, a new execution resumes it then. */
  async pause(invoiceId: string, input: PauseInput): Promise<InvoiceView> {
    const record = await this.requireInvoice(invoiceId);
    if (!canPause(record.status)) {
      throw new HttpError(
        409,
        'Conflict',
        `Invoice ${invoiceId} is ${record.status}: there is nothing to pause.`,
      );
    }
    const seller = await this.requireSeller(record.sellerId);
    await pauseInvoice(
      { store: this.store, executions: this.deps.executions, now: this.deps.now },
      record,
      seller,
      input,
    );
    const paused = await this.requireInvoice(invoiceId);
    if (input.reason === 'insolvency' && this.deps.configurationSet) {
      const deps = { store: this.store, configurationSet: this.deps.configurationSet, now: this.deps.now };
      await alertInsolvency(deps, paused, seller);
    }
    return toInvoiceView(paused);
  }

  /** Replaces the customer's address; an invoice held by an undeliverable address resumes (see contact.ts). */
  async updateContact(invoiceId: string, input: ContactInput): Promise<InvoiceView> {
    const record = await this.requireInvoice(invoiceId);
    await updateContact(
      { store: this.store, executions: this.deps.executions, now: this.deps.now },
      record,
      input,
    );
    return toInvoiceView(await this.requireInvoice(invoiceId));
  }

  /** Agrees a payment plan (functions/shared/payment-plans.ts) and returns the invoice as it now stands. */
  async agreePaymentPlan(invoiceId: string, input: PaymentPlanInput): Promise<InvoiceView> {
    const record = await this.requireInvoice(invoiceId);
    const seller = await this.requireSeller(record.sellerId);
    await agreePaymentPlan(
      { store: this.store, executions: this.deps.executions, now: this.deps.now },
      record,
      seller,
      input,
    );
    return toInvoiceView(await this.requireInvoice(invoiceId));
  }

  /** Resumes a paused invoice now: a new execution re-plans with the resume rule (docs/domain.md). */
  async resume(invoiceId: string): Promise<InvoiceView> {
    const record = await this.requireInvoice(invoiceId);
    if (!canResume(record.status)) {
      throw new HttpError(409, 'Conflict', `Invoice ${invoiceId} is ${record.status}, not paused.`);
    }
    const resumeCount = record.resumeCount + 1;
    const name = executionNames.resume(invoiceId, resumeCount);
    const status = resumedStatus(record);
    const now = this.deps.now().toISOString();
    if (!(await this.store.endPause(record, status, { resumeCount, executionName: name })))
      throw new HttpError(409, 'Conflict', 'The invoice changed meanwhile; retry.');
    await this.store.appendEvent(invoiceId, { at: now, type: 'dunning_resumed', trigger: 'api' });
    await this.deps.executions.stop(record.executionName, 'Resumed by hand');
    await this.deps.executions.start(name, {
      invoiceId,
      mode: record.plan?.state === 'active' ? 'payment_plan' : 'resume',
    });
    return toInvoiceView(await this.requireInvoice(invoiceId));
  }

  /** Cancels an invoice for good (credit note, voided): stops everything. */
  async cancel(invoiceId: string, input: CancelInput): Promise<InvoiceView> {
    const record = await this.requireInvoice(invoiceId);
    if (record.status === 'cancelled') return toInvoiceView(record);
    if (!canCancel(record.status))
      throw new HttpError(409, 'Conflict', `Invoice ${invoiceId} is already paid.`);
    const now = this.deps.now().toISOString();
    const cancellation = { reason: input.reason, ...(input.note ? { note: input.note } : {}), at: now };
    if (!(await this.store.cancel(record, cancellation)))
      throw new HttpError(409, 'Conflict', 'The invoice was paid or cancelled meanwhile.');
    await this.store.appendEvent(invoiceId, { type: 'invoice_cancelled', ...cancellation });
    await this.deps.executions.stop(record.executionName, `Cancelled: ${input.reason}`);
    return toInvoiceView(await this.requireInvoice(invoiceId));
  }
}

/**
 * The SES outcome of each message id, from the recorded SES events: a bounce or complaint wins over a
 * delivery (an address that complained is not a proof of reading), otherwise the first delivery.
 */
export function deliveriesByMessage(events: readonly InvoiceEvent[]): Map<string, MessageDelivery> {
  const result = new Map<string, MessageDelivery>();
  const states: Record<string, MessageDelivery['state']> = {
    email_delivery: 'delivered',
    email_bounce: 'bounced',
    email_complaint: 'complained',
  };
  for (const event of events) {
    const state = states[event.type];
    const messageId = typeof event.messageId === 'string' ? event.messageId : undefined;
    if (!state || !messageId) continue;
    const known = result.get(messageId);
    if (known && (known.state !== 'delivered' || state === 'delivered')) continue;
    result.set(messageId, { state, at: event.at });
  }
  return result;
}

/** What is owed beyond the principal once it is paid: penalties, indemnity, consumer legal interest. */
export function extrasAfterPrincipal(
  record: InvoiceRecord,
  seller: Seller,
  now: Date,
): {
  penaltiesMinor: number;
  recoveryIndemnityMinor: number;
  legalInterestMinor: number;
  totalMinor: number;
} {
  const statement = statementFor(record, seller, localDate(now, seller.sendWindow));
  return {
    penaltiesMinor: statement.penaltiesMinor,
    recoveryIndemnityMinor: statement.recoveryIndemnityMinor,
    legalInterestMinor: statement.legalInterestMinor,
    totalMinor: extrasDue(statement),
  };
}

/** Decodes an inline PDF and checks its size and magic bytes. */
export function decodePdf(contentBase64: string): Buffer {
  const bytes = Buffer.from(contentBase64, 'base64');
  if (bytes.length > MAX_PDF_BYTES) {
    throw new HttpError(
      413,
      'Payload too large',
      'An inline PDF must be at most 4 MB; upload larger ones and pass pdf.s3Key.',
      [{ path: 'pdf.contentBase64', message: 'must be at most 4 MB once decoded' }],
    );
  }
  if (!bytes.subarray(0, 5).equals(PDF_MAGIC)) {
    throw new HttpError(400, 'Invalid request', 'The attached document is not a PDF.', [
      { path: 'pdf.contentBase64', message: 'must be a PDF (starting with %PDF-)' },
    ]);
  }
  return bytes;
}
