import { COPY } from '../../templates/copy';
import { REPLIES_COPY } from '../../templates/copy/replies';
import type { InvoiceSummary } from '../core/invoice-summary';
import type { RenderedMessage } from '../core/messages';
import type { Locale } from '../core/money';
import type { ReplyForm } from '../core/replies';
import type { ReplyStep } from '../core/reply-token';
import type { Customer, Seller } from '../core/schemas';
import { date } from '../send-message/format';
import { TEMPLATES } from '../send-message/generated/templates';
import { headerValue } from '../send-message/headers';
import type { MessageView, Row } from '../send-message/view';
import { internalEmailFrame, row } from './identity';

/** What the `customer_reply` template reads on top of the common message blocks. */
export interface CustomerReplyView extends MessageView {
  readonly answer: { readonly title: string; readonly rows: readonly Row[] };
  readonly message: { readonly title: string; readonly paragraphs: readonly string[] } | null;
  readonly nextSteps: { readonly title: string; readonly items: readonly string[] };
}

export interface CustomerReplyContext {
  readonly seller: Seller;
  readonly customer: Customer;
  readonly invoice: InvoiceSummary;
  readonly step: ReplyStep;
  readonly reply: ReplyForm;
  /** Seller-local date of the answer. */
  readonly today: string;
  /** The end of the pause the answer caused, if it has one. */
  readonly pausedUntil: string | null;
}

/** The email that tells the seller's contact what a customer answered (in the seller's language). */
export function renderCustomerReply(context: CustomerReplyContext): RenderedMessage {
  const locale: Locale = context.seller.defaultLocale;
  const copy = REPLIES_COPY[locale].notification;
  const _labels = COPY[locale].labels;
  const { customer, invoice, reply, seller } = context;
  const who = customer.companyName ? `${customer.name} (${customer.companyName})` : customer.name;
  const installments = reply.action === 'plan' ? reply.installments : 0;
  const fields = copy.fields;
  const rows: Row[] = [
    row(fields.customer, who),
    row(fields.email, customer.email),
    row(fields.action, copy.actionNames[reply.action], true),
  ];
  if (reply.action === 'paid') {
    if (reply.paidOn) rows.push(row(fields.paidOn, date(reply.paidOn, locale)));
    if (reply.reference) rows.push(row(fields.reference, reply.reference));
  }
  if (reply.action === 'promise') rows.push(row(fields.promisedOn, date(reply.promisedOn, locale), true));
  if (reply.action === 'dispute')
    rows.push(row(fields.reason, REPLIES_COPY[locale].page.reasons[reply.reason]));
  if (reply.action === 'plan') rows.push(row(fields.installments, String(reply.installments)));
  const written = reply.action === 'dispute' || reply.action === 'question' ? (reply.message ?? '') : '';
  const paragraphs = written
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line.length > 0);
  const heading = copy.heading(who, invoice.number, reply.action, installments);
  const view: CustomerReplyView = {
    ...internalEmailFrame(seller, invoice, locale),
    subject: headerValue(copy.subject(who, invoice.number, reply.action)),
    preheader: heading,
    heading,
    greeting: copy.greeting,
    intro: [copy.intro(date(context.today, locale), COPY[locale].stepNames[context.step])],
    answer: { title: copy.answerTitle, rows },
    message: paragraphs.length > 0 ? { title: copy.messageTitle, paragraphs } : null,
    nextSteps: {
      title: copy.nextStepsTitle,
      items: copy.nextSteps(
        reply.action,
        context.pausedUntil === null ? null : date(context.pausedUntil, locale),
        customer.email,
      ),
    },
  };
  const template = TEMPLATES.customer_reply;
  const text = template
    .text(view)
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  return { subject: view.subject, html: template.html(view), text: `${text}\n` };
}
