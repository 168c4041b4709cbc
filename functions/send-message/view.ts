import { COPY, type CopyValues, type LocaleCopy } from '../../templates/copy';
import { REPLIES_COPY } from '../../templates/copy/replies';
import type { MessageContext } from '../core/messages';
import type { Locale } from '../core/money';
import { BREAK_AFTER_DAYS } from '../core/payment-plan';
import { isReplyStep } from '../core/reply-token';
import { extrasDue, RECOVERY_INDEMNITY_MINOR } from '../core/statement';
import type { MessageStep } from '../core/steps';
import { countryName, date, iban, money, percent, shareCapital, siren } from './format';
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

export { formatAddress, headerValue } from './headers';

/** The URL if it is a well-formed `https:` URL without credentials, else null (the link is left out). */
export function safeHttpsUrl(value: string | undefined): string | null {
  if (value === undefined) return null;
  try {
    const url = new URL(value);
    if (url.protocol !== 'https:' || url.username !== '' || url.password !== '') return null;
    return url.href;
  } catch {
    return null;
  }
}

/** `YYYY-MM-DD` plus whole days, in plain UTC arithmetic (fast; dates here carry no time zone). */
function plusDays(isoDate: string, days: number): string {
  const [year, month, day] = isoDate.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(year, month - 1, day + days)).toISOString().slice(0, 10);
}

function daysFrom(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

const dateTimeFormatters = new Map<string, Intl.DateTimeFormat>();

/** An instant shown in the seller's time zone, date and time (escalation timeline). */
function dateTime(instant: string, timeZone: string, locale: Locale): string {
  const key = `${locale}:${timeZone}`;
  let formatter = dateTimeFormatters.get(key);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat(locale === 'fr' ? 'fr-FR' : 'en-IE', {
      timeZone,
      day: locale === 'fr' ? '2-digit' : 'numeric',
      month: locale === 'fr' ? '2-digit' : 'long',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
    });
    dateTimeFormatters.set(key, formatter);
  }
  return formatter.format(new Date(instant));
}

const localDateFormatters = new Map<string, Intl.DateTimeFormat>();

/** The seller-local calendar date (`YYYY-MM-DD`) of an instant, or the date itself if given a date. */
function sellerDate(value: string, context: MessageContext): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
  const timeZone = context.seller.sendWindow.timezone;
  let formatter = localDateFormatters.get(timeZone);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
    localDateFormatters.set(timeZone, formatter);
  }
  // en-US numeric dates are "MM/DD/YYYY".
  const [month, day, year] = formatter.format(new Date(value)).split('/');
  return `${year}-${month}-${day}`;
}

function lastSent(context: MessageContext, step: MessageStep) {
  return context.previousMessages.findLast((message) => message.step === step);
}

/**
 * The deadline shown: given by the formal notice (computed by the send path from its actual send date);
 * for the escalation, the one the notice gave, as recorded with it.
 */
function deadlineOf(context: MessageContext): string | null {
  if (context.step === 'formal_notice') return context.paymentDeadline ?? null;
  if (context.step === 'escalation') return context.statement.noticeDeadline ?? null;
  return null;
}

/**
 * The formatted values the wording may use. Values most messages never print are getters on the
 * prototype: a render formats only what its wording reads, and building the object stays cheap.
 */
class ContextValues implements CopyValues {
  readonly tone: CopyValues['tone'];
  readonly business: boolean;
  readonly sellerName: string;
  readonly sellerLegalName: string;
  readonly sellerCity: string;
  readonly customerName: string;
  readonly customerCompany: string | null;
  readonly invoiceNumber: string;
  readonly invoiceId: string;
  readonly issueDate: string;
  readonly dueDate: string;
  readonly total: string;
  readonly paid: string;
  readonly balance: string;
  readonly partiallyPaid: boolean;
  readonly daysLate: number;
  readonly daysUntilDue: number;
  readonly penaltiesApply: boolean;
  readonly indemnityApplies: boolean;
  readonly contactEmail: string;
  readonly contactPhone: string | null;
  readonly paymentCount: number;
  readonly hasBankDetails: boolean;
  readonly statutoryRate: boolean;
  readonly extrasClaimed: boolean;

  constructor(private readonly context: MessageContext) {
    const { seller, customer, invoice, locale } = context;
    this.tone = context.tone;
    this.business = customer.type === 'business';
    this.sellerName = seller.sender.fromName;
    this.sellerLegalName = seller.legalName;
    this.sellerCity = seller.address.city;
    this.customerName = customer.name;
    this.customerCompany = customer.companyName ?? null;
    this.invoiceNumber = invoice.number;
    this.invoiceId = invoice.invoiceId;
    this.issueDate = date(invoice.issueDate, locale);
    this.dueDate = date(invoice.dueDate, locale);
    this.total = this.amount(invoice.totalMinor);
    this.paid = this.amount(invoice.paidMinor);
    this.balance = this.amount(invoice.balanceMinor);
    this.partiallyPaid = invoice.paidMinor > 0 && invoice.balanceMinor > 0;
    this.daysLate = context.statement.daysLate;
    this.daysUntilDue = daysFrom(context.today, invoice.dueDate);
    this.penaltiesApply = this.business && context.statement.penaltyRatePercent > 0;
    this.indemnityApplies = this.business && invoice.currency === 'EUR';
    this.contactEmail = seller.contact.email;
    this.contactPhone = seller.contact.phone ?? null;
    this.paymentCount = context.payments.length;
    this.hasBankDetails = seller.bank !== undefined;
    this.statutoryRate = context.statement.penaltyRateBasis === 'statutory';
    this.extrasClaimed = context.step === 'thank_you' && context.extrasClaimed === true;
  }

  private amount(minor: number): string {
    return money(minor, this.context.invoice.currency, this.context.locale);
  }

  /** The date of the last message of a step, for the steps that recall earlier messages. */
  private recalled(step: MessageStep): string | null {
    const sent = lastSent(this.context, step);
    return sent ? date(sellerDate(sent.sentAt, this.context), this.context.locale) : null;
  }

  private get recalls(): boolean {
    return this.context.step !== 'courtesy_reminder' && this.context.step !== 'first_reminder';
  }

  get dayAfterDue(): string {
    return date(plusDays(this.context.invoice.dueDate, 1), this.context.locale);
  }
  get rate(): string {
    return percent(this.context.statement.penaltyRatePercent, this.context.locale);
  }
  get legalInterest(): string {
    return this.amount(this.context.statement.legalInterestMinor);
  }
  get extrasDue(): string {
    return this.amount(extrasDue(this.context.statement));
  }
  get penalties(): string {
    return this.amount(this.context.statement.penaltiesMinor);
  }
  get indemnity(): string {
    return money(RECOVERY_INDEMNITY_MINOR, 'EUR', this.context.locale);
  }
  get totalDue(): string {
    return this.amount(this.context.statement.totalDueMinor);
  }
  get asOf(): string {
    return date(this.context.statement.asOf, this.context.locale);
  }
  get today(): string {
    return date(this.context.today, this.context.locale);
  }
  get firstReminderDate(): string | null {
    return this.recalls ? this.recalled('first_reminder') : null;
  }
  get secondReminderDate(): string | null {
    return this.recalls ? this.recalled('second_reminder') : null;
  }
  get formalNoticeDate(): string | null {
    return this.context.step === 'escalation' ? this.recalled('formal_notice') : null;
  }
  get deadline(): string | null {
    const deadline = deadlineOf(this.context);
    return deadline === null ? null : date(deadline, this.context.locale);
  }
  get deadlinePassed(): boolean {
    const deadline = deadlineOf(this.context);
    return deadline !== null && deadline < this.context.today;
  }
  get amountReceived(): string {
    return this.amount(this.context.invoice.paidMinor);
  }
  get lastPaymentDate(): string | null {
    const last = this.context.payments.reduce<string | null>(
      (latest, payment) => (latest === null || payment.paidAt > latest ? payment.paidAt : latest),
      null,
    );
    return last === null ? null : date(sellerDate(last, this.context), this.context.locale);
  }
  get overpaid(): string | null {
    const { paidMinor, totalMinor } = this.context.invoice;
    return paidMinor > totalMinor ? this.amount(paidMinor - totalMinor) : null;
  }
  get hasPaymentLink(): boolean {
    return safeHttpsUrl(this.context.invoice.paymentLink) !== null;
  }
  get evidenceUrl(): string {
    const path = `/invoices/${this.context.invoice.invoiceId}/evidence`;
    return this.context.apiUrl ? `${this.context.apiUrl.replace(/\/+$/, '')}${path}` : path;
  }
  get installment(): CopyValues['installment'] {
    const plan = this.context.installment;
    const current = plan?.installments[plan.number - 1];
    if (!plan || !current) return null;
    return {
      number: plan.number,
      count: plan.installments.length,
      date: date(current.dueDate, this.context.locale),
      amount: this.amount(current.amountMinor),
      outstanding: this.amount(current.amountMinor - current.paidMinor),
      after: plan.phase === 'after',
      breakDays: BREAK_AFTER_DAYS,
    };
  }
}

/** The formatted values the wording may use. */
export function buildCopyValues(context: MessageContext): CopyValues {
  return new ContextValues(context);
}

function row(label: string, value: string, strong = false): Row {
  return { label, value, strong };
}

/**
 * The seller's name as correspondence must print it (art. R123-237 Code de commerce): legal name, legal
 * form unless the name already ends with it, and share capital — "Menuiserie Garnier SARL au capital de
 * 10 000 €".
 */
export function sellerDesignation(context: Pick<MessageContext, 'seller' | 'locale'>): string {
  const { seller, locale } = context;
  const form = seller.legalForm;
  const named =
    form && !seller.legalName.toLowerCase().endsWith(` ${form.toLowerCase()}`)
      ? `${seller.legalName} ${form}`
      : seller.legalName;
  if (seller.shareCapitalMinor === undefined) return named;
  return COPY[locale].labels.withShareCapital(named, shareCapital(seller.shareCapitalMinor, locale));
}

/** Legal identity of the seller (docs/domain.md): designation, address, SIREN/RCS, VAT number. */
export function legalIdentity(context: Pick<MessageContext, 'seller' | 'locale'>): {
  name: string;
  address: string[];
  registration: string[];
} {
  const { seller, locale } = context;
  const labels = COPY[locale].labels;
  const { address, registration } = seller;
  return {
    name: sellerDesignation(context),
    address: [
      address.line1,
      ...(address.line2 ? [address.line2] : []),
      `${address.postalCode} ${address.city}`,
      countryName(address.country, locale),
    ],
    registration: [
      `${labels.siren} ${siren(registration.siren)}`,
      ...(registration.rcs ? [registration.rcs] : []),
      ...(registration.vatNumber ? [`${labels.vatNumber} ${registration.vatNumber}`] : []),
    ],
  };
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
