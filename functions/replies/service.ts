import { REPLIES_COPY } from '../../templates/copy/replies';
import { localDate } from '../core/dates';
import { ConflictError } from '../core/errors';
import { isClosed } from '../core/lifecycle';
import type { Locale } from '../core/money';
import { parseReplyForm, type ReplyForm, replyEffect, supersedesPause } from '../core/replies';
import { type ReplyGrant, ReplyTokenError, verifyReplyToken } from '../core/reply-token';
import type { Seller } from '../core/schemas';
import { date } from '../send-message/format';
import { formatAddress } from '../send-message/headers';
import type { Executions } from '../shared/executions';
import { logger } from '../shared/logger';
import { putMetric } from '../shared/metrics';
import { SesMailer } from '../shared/ses-mailer';
import type { InvoiceRecord, ReplyRecord, Store } from '../shared/store';
import { pauseInvoice } from '../shared/use-cases/pause';
import { renderCustomerReply } from './notification';
import { errorPage, type ReplyPageModel, replyPage } from './page';

/** Form bodies are a few fields and at most 2 000 characters of text; anything far larger is refused. */
export const MAX_FORM_BYTES = 16 * 1024;

export interface ReplyServiceDeps {
  readonly store: Store;
  readonly executions: Executions;
  readonly now: () => Date;
  /** The keys that may have signed a token (the first one signs new links). */
  readonly secrets: () => Promise<readonly string[]>;
  readonly configurationSet: string;
}

export interface PageResult {
  readonly status: number;
  readonly html: string;
}

interface Opened {
  readonly grant: ReplyGrant;
  readonly invoice: InvoiceRecord;
  readonly seller: Seller;
  readonly locale: Locale;
  readonly today: string;
}

/** A request that ends with an error page (bad or expired link, unreadable body). */
class PageError extends Error {
  constructor(
    readonly status: number,
    readonly kind: 'invalid' | 'expired' | 'unsupported',
  ) {
    super(kind);
    this.name = 'PageError';
  }
}

/**
 * The customer side of replies: `GET /r/{token}` shows the page (and never writes), `POST /r/{token}`
 * records one answer once and applies its effect (pause, declared payment, seller notified).
 */
export class ReplyService {
  constructor(private readonly deps: ReplyServiceDeps) {}

  async show(token: string): Promise<PageResult> {
    return this.guard(async () => {
      const opened = await this.open(token);
      const replies = await this.deps.store.listReplies(opened.invoice.invoiceId, opened.grant.step);
      return { status: 200, html: replyPage(this.model(opened, replies)) };
    });
  }

  async answer(token: string, body: string, contentType: string | undefined): Promise<PageResult> {
    return this.guard(async () => {
      if (Buffer.byteLength(body) > MAX_FORM_BYTES) throw new PageError(413, 'unsupported');
      const opened = await this.open(token);
      const mediaType = (contentType ?? '').split(';')[0]?.trim().toLowerCase();
      if (mediaType !== 'application/x-www-form-urlencoded') throw new PageError(415, 'unsupported');
      const { invoice, grant } = opened;
      const replies = await this.deps.store.listReplies(invoice.invoiceId, grant.step);
      if (isClosed(invoice.status)) {
        return { status: 409, html: replyPage(this.model(opened, replies)) };
      }
      const copy = REPLIES_COPY[opened.locale].page;
      const parsed = parseReplyForm(body, opened.today);
      if (!parsed.ok) {
        const values = Object.fromEntries(new URLSearchParams(body));
        return {
          status: 400,
          html: replyPage({
            ...this.model(opened, replies),
            notice: { kind: 'error', text: copy.errorSummary },
            ...(parsed.action ? { invalid: { action: parsed.action, fields: parsed.fields, values } } : {}),
          }),
        };
      }
      const reply = parsed.reply;
      const first = replies.find((item) => item.action === reply.action);
      if (first) return this.repeated(opened, replies, first);

      const at = this.deps.now().toISOString();
      const record: ReplyRecord = {
        invoiceId: invoice.invoiceId,
        step: grant.step,
        action: reply.action,
        at,
        answer: reply,
      };
      if (!(await this.deps.store.recordReply(record))) {
        // Another request with the same answer won the race: show the first one.
        const current = await this.deps.store.listReplies(invoice.invoiceId, grant.step);
        const winner = current.find((item) => item.action === reply.action) ?? record;
        return this.repeated(opened, current, winner);
      }

      const effect = replyEffect(reply, opened.today, opened.seller.sendWindow);
      let pausedUntil: string | null = null;
      if (effect.pause) {
        const current = invoice.status === 'paused' ? invoice.pause : undefined;
        if (supersedesPause(current, effect.pause)) {
          pausedUntil = effect.pause.until ?? null;
          await this.pause(opened, effect.pause);
        } else {
          pausedUntil = current?.until ?? null;
        }
      }
      if (reply.action === 'paid') {
        await this.deps.store.appendEvent(invoice.invoiceId, {
          at,
          type: 'customer_declared_payment',
          step: grant.step,
          ...(reply.paidOn ? { paidOn: reply.paidOn } : {}),
          ...(reply.reference ? { reference: reply.reference } : {}),
        });
      }
      const notificationMessageId = effect.notifySeller
        ? await this.notifySeller(opened, reply, pausedUntil)
        : undefined;
      await this.deps.store.appendEvent(invoice.invoiceId, {
        at,
        type: 'customer_replied',
        action: reply.action,
        step: grant.step,
        ...(reply as Record<string, unknown>),
        ...(pausedUntil ? { pausedUntil } : {}),
        ...(notificationMessageId ? { notificationMessageId } : {}),
      });
      putMetric('RepliesReceived', { action: reply.action }, 1);
      logger.info('Customer replied', {
        invoiceId: invoice.invoiceId,
        step: grant.step,
        action: reply.action,
      });

      const confirmation = confirmationText(opened, reply, pausedUntil);
      return {
        status: 200,
        html: replyPage({
          ...this.model(opened, [...replies, record]),
          invoice: { ...invoice, status: effect.pause ? 'paused' : invoice.status },
          notice: { kind: 'success', text: confirmation },
        }),
      };
    });
  }

  private async pause(
    opened: Opened,
    pause: { reason: 'payment_declared' | 'promise_to_pay' | 'dispute' | 'payment_plan'; until?: string },
  ): Promise<void> {
    try {
      await pauseInvoice(
        { store: this.deps.store, executions: this.deps.executions, now: this.deps.now },
        opened.invoice,
        opened.seller,
        {
          reason: pause.reason,
          ...(pause.until ? { until: pause.until } : {}),
          note: `Customer reply to the ${opened.grant.step}`,
        },
      );
    } catch (error) {
      // Paid or cancelled a moment ago: the answer stays recorded, there is nothing left to pause.
      if (!(error instanceof ConflictError)) throw error;
    }
  }

  private repeated(opened: Opened, replies: readonly ReplyRecord[], first: ReplyRecord): PageResult {
    const copy = REPLIES_COPY[opened.locale].page;
    const day = date(localDate(new Date(first.at), opened.seller.sendWindow), opened.locale);
    return {
      status: 200,
      html: replyPage({
        ...this.model(opened, replies),
        notice: { kind: 'info', text: copy.alreadyAnswered(day) },
      }),
    };
  }

  /** Sends the seller's contact what the customer answered; a failure is recorded, not fatal. */
  private async notifySeller(
    opened: Opened,
    reply: ReplyForm,
    pausedUntil: string | null,
  ): Promise<string | undefined> {
    const { invoice, seller } = opened;
    const message = renderCustomerReply({
      seller,
      customer: invoice.customer,
      invoice,
      step: opened.grant.step,
      reply,
      today: opened.today,
      pausedUntil,
    });
    try {
      return await new SesMailer(this.deps.configurationSet).send({
        from: formatAddress(seller.sender.fromName, seller.sender.fromEmail),
        to: [seller.contact.email],
        // The seller answers the customer by replying to this email.
        replyTo: invoice.customer.email,
        ...message,
        invoiceId: invoice.invoiceId,
        step: 'customer_reply',
      });
    } catch (error) {
      logger.error('Seller notification failed', { invoiceId: invoice.invoiceId, error: error as Error });
      await this.deps.store.appendEvent(invoice.invoiceId, {
        at: this.deps.now().toISOString(),
        type: 'seller_notification_failed',
        action: reply.action,
        step: opened.grant.step,
      });
      return undefined;
    }
  }

  private async open(token: string): Promise<Opened> {
    let grant: ReplyGrant;
    try {
      grant = verifyReplyToken(token, await this.deps.secrets(), this.deps.now());
    } catch (error) {
      if (!(error instanceof ReplyTokenError)) throw error;
      throw error.reason === 'expired' ? new PageError(410, 'expired') : new PageError(404, 'invalid');
    }
    const invoice = await this.deps.store.getInvoice(grant.invoiceId);
    const sellerRecord = invoice ? await this.deps.store.getSeller(invoice.sellerId) : undefined;
    if (!invoice || !sellerRecord) throw new PageError(404, 'invalid');
    const seller = sellerRecord.profile;
    return {
      grant,
      invoice,
      seller,
      locale: invoice.customer.locale ?? seller.defaultLocale,
      today: localDate(this.deps.now(), seller.sendWindow),
    };
  }

  private model(opened: Opened, replies: readonly ReplyRecord[]): ReplyPageModel {
    return {
      locale: opened.locale,
      seller: opened.seller,
      invoice: opened.invoice,
      today: opened.today,
      replies,
    };
  }

  private async guard(work: () => Promise<PageResult>): Promise<PageResult> {
    try {
      return await work();
    } catch (error) {
      if (error instanceof PageError) return { status: error.status, html: errorPage(error.kind) };
      throw error;
    }
  }
}

function confirmationText(opened: Opened, reply: ReplyForm, pausedUntil: string | null): string {
  const copy = REPLIES_COPY[opened.locale].page.confirmations;
  const day = (iso: string) => date(iso, opened.locale);
  switch (reply.action) {
    case 'paid':
      return pausedUntil ? copy.paid(day(pausedUntil)) : copy.received;
    case 'promise':
      return copy.promise(day(reply.promisedOn));
    case 'dispute':
      return copy.dispute;
    case 'plan':
      return copy.plan(reply.installments);
    case 'question':
      return copy.question;
  }
}
