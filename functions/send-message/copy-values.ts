import { COPY, type CopyValues } from '../../templates/copy';
import type { MessageContext } from '../core/messages';
import type { Locale } from '../core/money';
import { BREAK_AFTER_DAYS } from '../core/payment-plan';
import { extrasDue, RECOVERY_INDEMNITY_MINOR } from '../core/statement';
import type { MessageStep } from '../core/steps';
import { countryName, date, money, percent, shareCapital, siren } from './format';

/*
 * The values the wording of every message may print (`CopyValues`, formatted for the message's locale)
 * and the seller's legal identity, shared by the emails (view.ts), the letter (letter.ts) and the
 * reply page.
 */

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
export function dateTime(instant: string, timeZone: string, locale: Locale): string {
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
export function sellerDate(value: string, context: MessageContext): string {
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

/** The values most messages print, computed when the values are built. */
type EagerValues = Pick<
  CopyValues,
  | 'tone'
  | 'business'
  | 'sellerName'
  | 'sellerLegalName'
  | 'sellerCity'
  | 'customerName'
  | 'customerCompany'
  | 'invoiceNumber'
  | 'invoiceId'
  | 'issueDate'
  | 'dueDate'
  | 'total'
  | 'paid'
  | 'balance'
  | 'partiallyPaid'
  | 'daysLate'
  | 'daysUntilDue'
  | 'penaltiesApply'
  | 'indemnityApplies'
  | 'contactEmail'
  | 'contactPhone'
  | 'paymentCount'
  | 'hasBankDetails'
  | 'statutoryRate'
  | 'extrasClaimed'
>;

function eagerValues(context: MessageContext): EagerValues {
  const { seller, customer, invoice, locale } = context;
  const business = customer.type === 'business';
  const amount = (minor: number) => money(minor, invoice.currency, locale);
  return {
    tone: context.tone,
    business,
    sellerName: seller.sender.fromName,
    sellerLegalName: seller.legalName,
    sellerCity: seller.address.city,
    customerName: customer.name,
    customerCompany: customer.companyName ?? null,
    invoiceNumber: invoice.number,
    invoiceId: invoice.invoiceId,
    issueDate: date(invoice.issueDate, locale),
    dueDate: date(invoice.dueDate, locale),
    total: amount(invoice.totalMinor),
    paid: amount(invoice.paidMinor),
    balance: amount(invoice.balanceMinor),
    partiallyPaid: invoice.paidMinor > 0 && invoice.balanceMinor > 0,
    daysLate: context.statement.daysLate,
    daysUntilDue: daysFrom(context.today, invoice.dueDate),
    penaltiesApply: business && context.statement.penaltyRatePercent > 0,
    indemnityApplies: business && invoice.currency === 'EUR',
    contactEmail: seller.contact.email,
    contactPhone: seller.contact.phone ?? null,
    paymentCount: context.payments.length,
    hasBankDetails: seller.bank !== undefined,
    statutoryRate: context.statement.penaltyRateBasis === 'statutory',
    extrasClaimed: context.step === 'thank_you' && context.extrasClaimed === true,
  };
}

/**
 * The values most messages never print: getters on the prototype, so a render formats only what its
 * wording reads and building the values stays cheap.
 */
class LazyValues implements Omit<CopyValues, keyof EagerValues> {
  constructor(private readonly context: MessageContext) {}

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
  return Object.assign(new LazyValues(context), eagerValues(context));
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
