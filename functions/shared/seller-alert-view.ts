import { COPY } from '../../templates/copy';
import { ALERTS_COPY, type AlertCopy, type AlertsCopy } from '../../templates/copy/alerts';
import type { InvoiceSummary } from '../core/invoice-summary';
import type { RenderedMessage } from '../core/messages';
import type { Locale } from '../core/money';
import type { Customer, Seller } from '../core/schemas';
import type { MessageStep } from '../core/steps';
import type { UndeliverableCause } from '../core/undeliverable';
import { internalEmailFrame, row } from '../replies/identity';
import { date, money } from '../send-message/format';
import { TEMPLATES } from '../send-message/generated/templates';
import { headerValue } from '../send-message/headers';
import type { MessageView, Row } from '../send-message/view';

/** An alert to the seller's contact about one invoice that needs a person (see docs/domain.md). */
export type SellerAlert =
  | {
      readonly kind: 'undeliverable';
      readonly address: string;
      readonly cause: UndeliverableCause;
      /** The customer message that bounced, when SES said which. */
      readonly step?: MessageStep;
      /** Seller-local date of the bounce. */
      readonly on: string;
    }
  | {
      readonly kind: 'insolvency';
      /** Seller-local date of the pause. */
      readonly pausedOn: string;
      readonly publishedOn?: string;
      readonly deadline?: string;
      readonly months: number;
    }
  | {
      /** The formal notice went out by email; nobody posted its letter (no provider, or it failed). */
      readonly kind: 'letter_to_post';
      /** Seller-local date of the formal notice. */
      readonly sentOn: string;
      readonly deadline?: string;
      readonly providerFailed: boolean;
    }
  | {
      /** The claim is about to be time-barred (docs/evidence.md). */
      readonly kind: 'limitation';
      readonly limitationDate: string;
      readonly daysLeft: number;
      readonly evidenceUrl: string;
    };

export interface SellerAlertContext {
  readonly seller: Seller;
  readonly customer: Customer;
  readonly invoice: InvoiceSummary;
  readonly alert: SellerAlert;
}

/** What the `seller_alert` template reads on top of the common message blocks. */
export interface SellerAlertView extends MessageView {
  readonly facts: { readonly title: string; readonly rows: readonly Row[] };
  readonly nextSteps: { readonly title: string; readonly items: readonly string[] };
}

/** "Première relance" → "première relance", inside a sentence. */
function lowerFirst(value: string): string {
  return value.charAt(0).toLowerCase() + value.slice(1);
}

/** The alert email, in the seller's language, from the precompiled `seller_alert` template. */
export function renderSellerAlert(context: SellerAlertContext): RenderedMessage {
  const locale: Locale = context.seller.defaultLocale;
  const copy = ALERTS_COPY[locale];
  const _labels = COPY[locale].labels;
  const { customer, invoice, seller, alert } = context;
  const who = customer.companyName ? `${customer.name} (${customer.companyName})` : customer.name;
  const amount = (minor: number) => money(minor, invoice.currency, locale);
  const base = { customer: who, number: invoice.number, invoiceId: invoice.invoiceId };
  const parts = alertParts(copy, alert, {
    base,
    locale,
    balance: amount(invoice.balanceMinor),
    customer,
  });
  const view: SellerAlertView = {
    ...internalEmailFrame(seller, invoice, locale),
    subject: headerValue(parts.subject),
    preheader: parts.heading,
    heading: parts.heading,
    greeting: copy.greeting,
    intro: [...parts.intro],
    facts: { title: parts.factsTitle, rows: parts.facts.map(([label, value]) => row(label, value)) },
    nextSteps: { title: parts.nextStepsTitle, items: [...parts.nextSteps] },
  };
  const template = TEMPLATES.seller_alert;
  const text = template
    .text(view)
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  return { subject: view.subject, html: template.html(view), text: `${text}\n` };
}

interface AlertParts {
  readonly subject: string;
  readonly heading: string;
  readonly intro: readonly string[];
  readonly factsTitle: string;
  readonly facts: readonly (readonly [string, string])[];
  readonly nextStepsTitle: string;
  readonly nextSteps: readonly string[];
}

function partsOf<V>(c: AlertCopy<V>, values: V): AlertParts {
  return {
    subject: c.subject(values),
    heading: c.heading(values),
    intro: c.intro(values),
    factsTitle: c.factsTitle,
    facts: c.facts(values),
    nextStepsTitle: c.nextStepsTitle,
    nextSteps: c.nextSteps(values),
  };
}

/** The postal address on one line, as the seller writes it on the envelope. */
function postalLine(customer: Customer): string | null {
  const address = customer.address;
  if (!address) return null;
  return [
    customer.companyName,
    customer.name,
    address.line1,
    address.line2,
    `${address.postalCode} ${address.city}`,
    address.country,
  ]
    .filter((line): line is string => typeof line === 'string' && line.length > 0)
    .join(', ');
}

function alertParts(
  copy: AlertsCopy,
  alert: SellerAlert,
  context: {
    readonly base: { customer: string; number: string; invoiceId: string };
    readonly locale: Locale;
    readonly balance: string;
    readonly customer: Customer;
  },
): AlertParts {
  const { base, locale } = context;
  switch (alert.kind) {
    case 'undeliverable':
      return partsOf(copy.undeliverable, {
        ...base,
        address: alert.address,
        stepName: alert.step ? lowerFirst(COPY[locale].stepNames[alert.step]) : null,
        date: date(alert.on, locale),
        cause: alert.cause,
      });
    case 'insolvency':
      return partsOf(copy.insolvency, {
        ...base,
        pausedOn: date(alert.pausedOn, locale),
        balance: context.balance,
        publishedOn: alert.publishedOn ? date(alert.publishedOn, locale) : null,
        deadline: alert.deadline ? date(alert.deadline, locale) : null,
        months: alert.months,
      });
    case 'letter_to_post':
      return partsOf(copy.letter_to_post, {
        ...base,
        sentOn: date(alert.sentOn, locale),
        deadline: alert.deadline ? date(alert.deadline, locale) : null,
        address: postalLine(context.customer),
        providerFailed: alert.providerFailed,
      });
    case 'limitation':
      return partsOf(copy.limitation, {
        ...base,
        balance: context.balance,
        limitationDate: date(alert.limitationDate, locale),
        daysLeft: alert.daysLeft,
        consumer: context.customer.type === 'consumer',
        evidenceUrl: alert.evidenceUrl,
      });
  }
}
