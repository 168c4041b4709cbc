import { createHash } from 'node:crypto';
import { COPY } from '../../templates/copy';
import { REPLIES_COPY, type ReplyPageCopy } from '../../templates/copy/replies';
import { addDays } from '../core/dates';
import type { InvoiceSummary } from '../core/invoice-summary';
import type { Locale } from '../core/money';
import {
  DISPUTE_REASONS,
  MAX_INSTALLMENTS,
  MAX_MESSAGE_CHARS,
  MAX_PROMISE_DAYS,
  MAX_REFERENCE_CHARS,
  MIN_INSTALLMENTS,
  type ReplyAction,
} from '../core/replies';
import type { Seller } from '../core/schemas';
import { date, money } from '../send-message/format';
import { Html, html } from './html';
import { legalIdentityLines } from './identity';

/**
 * The reply page (`GET /r/{token}` and the answer to `POST /r/{token}`): plain HTML forms, no script,
 * one stylesheet inline (allowed by its hash in the Content-Security-Policy), every value escaped.
 */

const STYLE = `
*{box-sizing:border-box}
body{margin:0;background:#f3f4f6;color:#1f2937;font:16px/1.5 -apple-system,BlinkMacSystemFont,"Segoe UI",Helvetica,Arial,sans-serif}
main{max-width:40rem;margin:0 auto;padding:1.5rem 1rem 3rem}
.card{background:#fff;border-radius:8px;padding:1.25rem 1.5rem;margin:0 0 1rem}
.seller{margin:0 0 .25rem;font-weight:700;color:#111827}
h1{font-size:1.4rem;line-height:1.3;margin:0 0 .75rem;color:#1e3a8a}
h2{font-size:1.1rem;margin:0 0 .75rem}
h3{font-size:1rem;margin:0 0 .25rem}
dl{display:grid;grid-template-columns:auto auto;gap:.35rem 1rem;margin:0}
dt{color:#4b5563}
dd{margin:0;text-align:right;font-variant-numeric:tabular-nums}
.due{font-weight:700;color:#111827}
section.action{border-top:1px solid #e5e7eb;padding:1rem 0 .5rem}
.help{color:#4b5563;margin:0 0 .75rem}
label,legend{display:block;font-weight:600;margin:.5rem 0 .25rem}
fieldset{border:0;margin:0;padding:0}
.choice{display:flex;gap:.5rem;align-items:flex-start;font-weight:400;margin:.25rem 0}
input[type=date],input[type=text],select,textarea{width:100%;max-width:100%;font:inherit;padding:.5rem;border:1px solid #6b7280;border-radius:6px;background:#fff;color:inherit}
textarea{min-height:6rem}
button{margin:.75rem 0 .25rem;font:inherit;font-weight:600;color:#fff;background:#1d4ed8;border:0;border-radius:6px;padding:.6rem 1.2rem;cursor:pointer}
:focus-visible{outline:3px solid #f59e0b;outline-offset:2px}
.notice{border-left:4px solid #1d4ed8;padding:.75rem 1rem;background:#eff6ff;margin:0 0 1rem;border-radius:4px}
.notice.success{border-color:#047857;background:#ecfdf5}
.notice.error{border-color:#b91c1c;background:#fef2f2}
.field-error{color:#b91c1c;font-weight:600;margin:.25rem 0}
.answered{color:#047857;font-weight:600}
footer{color:#6b7280;font-size:.8rem;text-align:center}
footer p{margin:0 0 .25rem}
`.trim();

const STYLE_HASH = createHash('sha256').update(STYLE).digest('base64');

/** Headers of every reply page: no caching, no referrer (the URL holds the token), no framing, no script. */
export const PAGE_HEADERS: Readonly<Record<string, string>> = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'x-robots-tag': 'noindex, nofollow',
  'content-security-policy': `default-src 'none'; style-src 'sha256-${STYLE_HASH}'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'`,
};

export interface PageInvoice extends Omit<InvoiceSummary, 'invoiceId'> {
  readonly status: string;
}

export interface PageReply {
  readonly action: string;
  readonly at: string;
}

export interface ReplyPageModel {
  readonly locale: Locale;
  readonly seller: Seller;
  readonly invoice: PageInvoice;
  /** Seller-local date. */
  readonly today: string;
  /** Answers already given through this link. */
  readonly replies: readonly PageReply[];
  /** A message shown above the forms (confirmation, repeat, refusal). */
  readonly notice?: { readonly kind: 'success' | 'info' | 'error'; readonly text: string };
  /** A refused form: which fields to flag, and what was typed (shown again). */
  readonly invalid?: {
    readonly action: ReplyAction;
    readonly fields: readonly string[];
    readonly values: Readonly<Record<string, string>>;
  };
}

function document(lang: string, title: string, body: Html): string {
  return html`<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<title>${title}</title>
<style>${new Html(STYLE)}</style>
</head>
<body>
<main>
${body}
</main>
</body>
</html>
`.value;
}

/** The local date of an instant in the seller's zone, formatted for the page. */
function localDay(instant: string, model: ReplyPageModel): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: model.seller.sendWindow.timezone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(new Date(instant));
  return date(parts, model.locale);
}

function summary(model: ReplyPageModel): Html {
  const labels = COPY[model.locale].labels;
  const { invoice, locale } = model;
  const amount = (minor: number) => money(minor, invoice.currency, locale);
  return html`<section class="card" aria-labelledby="summary-title">
<h2 id="summary-title">${labels.summaryTitle}</h2>
<dl>
<dt>${labels.invoiceNumber}</dt><dd>${invoice.number}</dd>
<dt>${labels.issueDate}</dt><dd>${date(invoice.issueDate, locale)}</dd>
<dt>${labels.dueDate}</dt><dd>${date(invoice.dueDate, locale)}</dd>
<dt>${labels.invoiceTotal}</dt><dd>${amount(invoice.totalMinor)}</dd>
${invoice.paidMinor > 0 ? html`<dt>${labels.alreadyPaid}</dt><dd>${amount(invoice.paidMinor)}</dd>` : ''}
<dt class="due">${labels.amountDue}</dt><dd class="due">${amount(Math.max(invoice.balanceMinor, 0))}</dd>
</dl>
</section>`;
}

interface FormContext {
  readonly model: ReplyPageModel;
  readonly copy: ReplyPageCopy;
  readonly latestPromise: string;
}

function fieldError(context: FormContext, action: ReplyAction, field: string): Html | '' {
  const invalid = context.model.invalid;
  if (!invalid || invalid.action !== action || !invalid.fields.includes(field)) return '';
  const errors = context.copy.fieldErrors;
  const text =
    field === 'promisedOn'
      ? errors.promisedOn(date(context.latestPromise, context.model.locale))
      : field === 'message' && action === 'question'
        ? errors.questionMessage
        : ((errors as unknown as Record<string, string>)[field] ?? errors.action);
  return html`<p class="field-error" id="${action}-${field}-error">${text}</p>`;
}

/** Attributes tying an input to its help and error texts. */
function described(context: FormContext, action: ReplyAction, field: string): Html {
  const invalid = context.model.invalid;
  const flagged = invalid?.action === action && invalid.fields.includes(field);
  return flagged
    ? html` aria-invalid="true" aria-describedby="${action}-help ${action}-${field}-error"`
    : html` aria-describedby="${action}-help"`;
}

function typed(context: FormContext, action: ReplyAction, field: string): string {
  const invalid = context.model.invalid;
  return invalid?.action === action ? (invalid.values[field] ?? '') : '';
}

function actionSection(
  context: FormContext,
  action: ReplyAction,
  help: string,
  fields: Html,
  submit: string,
): Html {
  const { model, copy } = context;
  const answered = model.replies.find((reply) => reply.action === action);
  const title = copy.actions[action].title;
  return html`<section class="action" aria-labelledby="${action}-title">
<h3 id="${action}-title">${title}</h3>
${
  answered
    ? html`<p class="answered">${copy.answered(action, localDay(answered.at, model))}</p>`
    : html`<p class="help" id="${action}-help">${help}</p>
<form method="post">
<input type="hidden" name="action" value="${action}">
${fields}
<button type="submit">${submit}</button>
</form>`
}
</section>`;
}

function forms(context: FormContext): Html {
  const { copy, model } = context;
  const a = copy.actions;
  const optional = ` (${copy.optional})`;
  const reasonTyped = typed(context, 'dispute', 'reason');
  const installmentsTyped = typed(context, 'plan', 'installments');
  const installmentOptions: Html[] = [];
  for (let count = MIN_INSTALLMENTS; count <= MAX_INSTALLMENTS; count += 1) {
    installmentOptions.push(
      html`<option value="${count}"${String(count) === installmentsTyped ? html` selected` : ''}>${a.plan.option(count)}</option>`,
    );
  }
  return html`<section class="card" aria-labelledby="actions-title">
<h2 id="actions-title">${copy.actionsTitle}</h2>
${actionSection(
  context,
  'paid',
  a.paid.help,
  html`<label for="paid-paidOn">${a.paid.paidOn}${optional}</label>
${fieldError(context, 'paid', 'paidOn')}<input type="date" id="paid-paidOn" name="paidOn" max="${model.today}" value="${typed(context, 'paid', 'paidOn')}"${described(context, 'paid', 'paidOn')}>
<label for="paid-reference">${a.paid.reference}${optional}</label>
${fieldError(context, 'paid', 'reference')}<input type="text" id="paid-reference" name="reference" maxlength="${MAX_REFERENCE_CHARS}" autocomplete="off" value="${typed(context, 'paid', 'reference')}"${described(context, 'paid', 'reference')}>`,
  a.paid.submit,
)}
${actionSection(
  context,
  'promise',
  a.promise.help(date(context.latestPromise, model.locale)),
  html`<label for="promise-promisedOn">${a.promise.promisedOn}</label>
${fieldError(context, 'promise', 'promisedOn')}<input type="date" id="promise-promisedOn" name="promisedOn" required min="${model.today}" max="${context.latestPromise}" value="${typed(context, 'promise', 'promisedOn')}"${described(context, 'promise', 'promisedOn')}>`,
  a.promise.submit,
)}
${actionSection(
  context,
  'dispute',
  a.dispute.help,
  html`<fieldset${described(context, 'dispute', 'reason')}>
<legend>${a.dispute.reason}</legend>
${fieldError(context, 'dispute', 'reason')}${DISPUTE_REASONS.map(
  (reason) =>
    html`<label class="choice"><input type="radio" name="reason" value="${reason}" required${reason === reasonTyped ? html` checked` : ''}> ${copy.reasons[reason]}</label>`,
)}
</fieldset>
<label for="dispute-message">${a.dispute.message}${optional}</label>
${fieldError(context, 'dispute', 'message')}<textarea id="dispute-message" name="message" maxlength="${MAX_MESSAGE_CHARS}"${described(context, 'dispute', 'message')}>${typed(context, 'dispute', 'message')}</textarea>`,
  a.dispute.submit,
)}
${actionSection(
  context,
  'plan',
  a.plan.help,
  html`<label for="plan-installments">${a.plan.installments}</label>
${fieldError(context, 'plan', 'installments')}<select id="plan-installments" name="installments"${described(context, 'plan', 'installments')}>${installmentOptions}</select>`,
  a.plan.submit,
)}
${actionSection(
  context,
  'question',
  a.question.help,
  html`<label for="question-message">${a.question.message}</label>
${fieldError(context, 'question', 'message')}<textarea id="question-message" name="message" required maxlength="${MAX_MESSAGE_CHARS}"${described(context, 'question', 'message')}>${typed(context, 'question', 'message')}</textarea>`,
  a.question.submit,
)}
</section>`;
}

function footer(seller: Seller, locale: Locale, copy: ReplyPageCopy): Html {
  return html`<footer>
<p>${copy.contact}${COPY[locale].labels.colon}<a href="mailto:${seller.contact.email}">${seller.contact.email}</a>${seller.contact.phone ? html` &middot; ${seller.contact.phone}` : ''}</p>
${legalIdentityLines(seller, locale).map((line) => html`<p>${line}</p>`)}
</footer>`;
}

/** The page of one reminder's reply link: summary, notice, and the forms (none once paid or cancelled). */
export function replyPage(model: ReplyPageModel): string {
  const copy = REPLIES_COPY[model.locale].page;
  const { invoice, seller } = model;
  const closed =
    invoice.status === 'paid'
      ? copy.paidInvoice
      : invoice.status === 'cancelled'
        ? copy.cancelledInvoice
        : null;
  const context: FormContext = { model, copy, latestPromise: addDays(model.today, MAX_PROMISE_DAYS) };
  const notice = model.notice
    ? html`<div class="notice ${model.notice.kind}" role="${model.notice.kind === 'error' ? 'alert' : 'status'}">
${model.notice.kind === 'error' ? html`<p><strong>${copy.errorTitle}</strong></p>` : ''}${model.notice.kind === 'success' ? html`<p><strong>${copy.confirmationTitle}</strong></p>` : ''}<p>${model.notice.text}</p>
${model.invalid ? html`<p><a href="#${model.invalid.action}-title">${copy.actions[model.invalid.action].title}</a></p>` : ''}
</div>`
    : '';
  const body = html`<header class="card">
<p class="seller">${seller.sender.fromName}</p>
<h1>${copy.heading(invoice.number)}</h1>
${notice}${closed ? html`<div class="notice success" role="status"><p>${closed}</p></div>` : html`<p>${copy.intro(seller.sender.fromName)}</p>`}
</header>
${summary(model)}
${closed ? '' : forms(context)}
${footer(seller, model.locale, copy)}`;
  return document(model.locale, copy.title(invoice.number, seller.sender.fromName), body);
}

const ERROR_TEXTS = {
  invalid: {
    fr: [
      'Lien non valide',
      'Ce lien de réponse n’est pas valide. Vérifiez qu’il a été copié en entier depuis notre e-mail, ou répondez directement à cet e-mail.',
    ],
    en: [
      'Invalid link',
      'This reply link is not valid. Check that it was copied in full from our email, or simply reply to that email.',
    ],
  },
  expired: {
    fr: [
      'Lien expiré',
      'Ce lien de réponse a expiré : il est valable 60 jours. Pour nous répondre, répondez directement à l’e-mail reçu.',
    ],
    en: [
      'Link expired',
      'This reply link has expired: links work for 60 days. To answer us, simply reply to the email you received.',
    ],
  },
  unsupported: {
    fr: [
      'Requête non comprise',
      'Cette réponse n’a pas pu être lue. Revenez à la page depuis le lien de notre e-mail et utilisez un des formulaires.',
    ],
    en: [
      'Request not understood',
      'This answer could not be read. Open the page again from the link in our email and use one of the forms.',
    ],
  },
  unavailable: {
    fr: [
      'Service momentanément indisponible',
      'Votre réponse n’a pas pu être traitée. Réessayez dans quelques minutes.',
    ],
    en: [
      'Service temporarily unavailable',
      'Your answer could not be processed. Please try again in a few minutes.',
    ],
  },
} as const;

/** The page of a refused request (bad or expired link, unreadable body), in French then English. */
export function errorPage(kind: keyof typeof ERROR_TEXTS): string {
  const texts = ERROR_TEXTS[kind];
  const body = html`<div class="card" role="alert">
<h1>${texts.fr[0]}</h1>
<p>${texts.fr[1]}</p>
</div>
<div class="card" lang="en">
<h2>${texts.en[0]}</h2>
<p>${texts.en[1]}</p>
</div>`;
  return document('fr', `${texts.fr[0]} / ${texts.en[0]}`, body);
}
