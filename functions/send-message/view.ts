import { COPY, type CopyValues, type LocaleCopy } from '../../templates/copy';
import { REPLIES_COPY } from '../../templates/copy/replies';
import type { MessageContext } from '../core/messages';
import type { Locale } from '../core/money';
import { isReplyStep } from '../core/reply-token';
import { buildCopyValues, dateTime, legalIdentity, safeHttpsUrl, sellerDate } from './copy-values';
import { date, iban, money } from './format';
import { headerValue } from './headers';

/** One label/value line of a table; `strong` marks the line that matters (amount due, total). */
export interface Row {
  readonly label: string;
  readonly value: string;
  readonly strong: boolean;
}

export interface PaymentView {
  readonly title: string;
  /** A validated `https:` URL, or null (the button is left out). */
  readonly link: { readonly url: string; readonly label: string } | null;
  readonly transfer: { readonly intro: string; readonly rows: readonly Row[] } | null;
}

export interface EscalationView {
  readonly customerTitle: string;
  readonly customer: readonly Row[];
  readonly timelineTitle: string;
  readonly timelineColumns: { readonly date: string; readonly message: string; readonly messageId: string };
  readonly timeline: readonly { readonly date: string; readonly label: string; readonly messageId: string }[];
  readonly timelineEmpty: string;
  readonly paymentsTitle: string;
  readonly paymentColumns: { readonly date: string; readonly amount: string; readonly paymentId: string };
  readonly payments: readonly {
    readonly date: string;
    readonly amount: string;
    readonly paymentId: string;
  }[];
  readonly paymentsEmpty: string;
  readonly nextStepsTitle: string;
  readonly nextSteps: readonly string[];
}

/**
 * What the precompiled templates read. Every key is always present (the templates are compiled in
 * Handlebars strict mode, so a misspelt or missing key throws instead of printing nothing); absent
 * blocks are `null`. Every string is plain text: the HTML template escapes it.
 */
export interface MessageView {
  readonly lang: Locale;
  /** Label/value separator of the plain-text part. */
  readonly colon: string;
  readonly subject: string;
  readonly preheader: string;
  readonly sellerName: string;
  readonly heading: string;
  readonly greeting: string;
  readonly intro: readonly string[];
  readonly summaryTitle: string;
  readonly summary: readonly Row[];
  readonly statement: { readonly title: string; readonly rows: readonly Row[] } | null;
  readonly outro: readonly string[];
  readonly payment: PaymentView | null;
  /** The reply link block of customer reminders (paid, promise, dispute, plan, question). */
  readonly reply: {
    readonly title: string;
    readonly text: string;
    readonly label: string;
    readonly url: string;
  } | null;
  readonly closing: readonly string[];
  readonly signature: readonly string[];
  readonly footer: readonly string[];
  readonly escalation: EscalationView | null;
}

function row(label: string, value: string, strong = false): Row {
  return { label, value, strong };
}

function summaryRows(context: MessageContext, copy: LocaleCopy, values: CopyValues): Row[] {
  const { invoice } = context;
  const labels = copy.labels;
  const rows = [
    row(labels.invoiceNumber, invoice.number),
    ...(invoice.purchaseOrder
      ? [
          row(
            context.step === 'escalation' ? copy.escalation.purchaseOrder : labels.purchaseOrder,
            invoice.purchaseOrder,
          ),
        ]
      : []),
    row(labels.issueDate, values.issueDate),
    row(labels.dueDate, values.dueDate),
    row(labels.invoiceTotal, values.total),
  ];
  if (context.step === 'thank_you') return [...rows, row(labels.amountReceived, values.amountReceived, true)];
  if (context.installment) {
    // The plan as it stands: every installment with its state, the one this reminder is about in bold.
    const { installments, number } = context.installment;
    for (const item of installments) {
      rows.push(
        row(
          labels.installment(item.number, installments.length, date(item.dueDate, context.locale)),
          `${money(item.amountMinor, invoice.currency, context.locale)} (${labels.installmentStates[item.state]})`,
          item.number === number,
        ),
      );
    }
  }
  if (invoice.paidMinor > 0) rows.push(row(labels.alreadyPaid, values.paid));
  rows.push(row(labels.amountDue, values.balance, true));
  return rows;
}

/** The statement of amounts: penalties and indemnity lines exist only for business customers. */
function statementView(
  context: MessageContext,
  copy: LocaleCopy,
  values: CopyValues,
): MessageView['statement'] {
  const { statement, step } = context;
  const labels = copy.labels;
  const lateBusiness = values.business && statement.daysLate > 0;
  const shown =
    step === 'escalation' ||
    values.extrasClaimed ||
    ((step === 'second_reminder' || step === 'formal_notice') && lateBusiness);
  if (!shown) return null;
  const amount = (minor: number) => money(minor, context.invoice.currency, context.locale);
  const rows = [row(labels.principal, amount(statement.principalMinor))];
  if (lateBusiness && values.penaltiesApply) {
    rows.push(row(labels.penalties(values.rate, labels.days(statement.daysLate)), values.penalties));
  }
  if (lateBusiness && statement.recoveryIndemnityMinor > 0) {
    rows.push(row(labels.indemnity, amount(statement.recoveryIndemnityMinor)));
  }
  if (statement.legalInterestMinor > 0) rows.push(row(labels.legalInterest, values.legalInterest));
  rows.push(row(labels.totalDue, values.totalDue, true));
  return { title: labels.statementTitle(values.asOf), rows };
}

function paymentView(context: MessageContext, copy: LocaleCopy): PaymentView | null {
  const claimed = context.step === 'thank_you' && context.extrasClaimed === true;
  if ((context.step === 'thank_you' && !claimed) || context.step === 'escalation') return null;
  const labels = copy.labels;
  const url = safeHttpsUrl(context.invoice.paymentLink);
  const bank = context.seller.bank;
  if (url === null && bank === undefined) return null;
  return {
    title: labels.paymentTitle,
    link: url === null ? null : { url, label: labels.payOnline },
    transfer:
      bank === undefined
        ? null
        : {
            intro: labels.transferIntro,
            rows: [
              row(labels.accountHolder, context.seller.legalName),
              row(labels.iban, iban(bank.iban)),
              row(labels.bic, bank.bic),
              row(labels.transferReference, context.invoice.number, true),
            ],
          },
  };
}

function escalationView(context: MessageContext, copy: LocaleCopy, values: CopyValues): EscalationView {
  const escalation = copy.escalation;
  const { customer, locale, seller } = context;
  const fields = escalation.customerFields;
  return {
    customerTitle: escalation.customerTitle,
    customer: [
      ...(customer.companyName ? [row(fields.company, customer.companyName, true)] : []),
      row(fields.name, customer.name),
      row(fields.email, customer.email),
      row(fields.type, escalation.customerType[customer.type]),
      row(fields.id, customer.id),
      row(fields.invoiceId, context.invoice.invoiceId),
    ],
    timelineTitle: escalation.timelineTitle,
    timelineColumns: {
      date: escalation.columns.date,
      message: escalation.columns.message,
      messageId: escalation.columns.messageId,
    },
    timeline: context.previousMessages.map((message) => ({
      date: dateTime(message.sentAt, seller.sendWindow.timezone, locale),
      label: copy.stepNames[message.step],
      messageId: message.messageId,
    })),
    timelineEmpty: escalation.timelineEmpty,
    paymentsTitle: escalation.paymentsTitle,
    paymentColumns: {
      date: escalation.columns.date,
      amount: escalation.columns.amount,
      paymentId: escalation.columns.paymentId,
    },
    payments: context.payments.map((payment) => ({
      date: date(sellerDate(payment.paidAt, context), locale),
      amount: money(payment.amountMinor, context.invoice.currency, locale),
      paymentId: payment.paymentId,
    })),
    paymentsEmpty: escalation.paymentsEmpty,
    nextStepsTitle: escalation.nextStepsTitle,
    nextSteps: escalation.nextSteps(values),
  };
}

function replyView(context: MessageContext): MessageView['reply'] {
  const url = safeHttpsUrl(context.replyUrl) ?? localUrl(context.replyUrl);
  if (url === null || !isReplyStep(context.step)) return null;
  return { ...REPLIES_COPY[context.locale].link, url };
}

/** The local runner serves the API over plain HTTP on the loopback interface. */
function localUrl(value: string | undefined): string | null {
  if (value === undefined) return null;
  try {
    const url = new URL(value);
    return url.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname)
      ? url.href
      : null;
  } catch {
    return null;
  }
}

/** Everything the precompiled templates of `context.step` read. */
export function buildMessageView(context: MessageContext): MessageView {
  const copy = COPY[context.locale];
  const labels = copy.labels;
  const message = copy[context.step];
  const values = buildCopyValues(context);
  const identity = legalIdentity(context);
  const closing = message.closing(values);
  const contact = [
    context.seller.contact.email,
    ...(context.seller.contact.phone ? [`${labels.phone} ${context.seller.contact.phone}`] : []),
  ];
  const internal = context.step === 'escalation';

  return {
    lang: context.locale,
    colon: labels.colon,
    subject: headerValue(message.subject(values)),
    preheader: message.preheader(values),
    sellerName: internal ? `Relance · ${context.seller.sender.fromName}` : context.seller.sender.fromName,
    heading: message.heading(values),
    greeting: message.greeting(values),
    intro: message.intro(values),
    summaryTitle: internal ? copy.escalation.invoiceTitle : labels.summaryTitle,
    summary: summaryRows(context, copy, values),
    statement: statementView(context, copy, values),
    outro: message.outro(values),
    payment: paymentView(context, copy),
    reply: replyView(context),
    closing,
    signature: internal
      ? []
      : [
          ...(closing.length === 0 ? [labels.signOff] : []),
          labels.signatureTeam(values.sellerName),
          ...contact,
        ],
    footer: [
      `${identity.name} – ${identity.address.join(', ')}`,
      identity.registration.join(' · '),
      ...(internal ? [labels.internalFooter(context.seller.legalName)] : []),
    ],
    escalation: internal ? escalationView(context, copy, values) : null,
  };
}
