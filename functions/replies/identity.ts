import { COPY } from '../../templates/copy';
import type { InvoiceSummary } from '../core/invoice-summary';
import type { Locale } from '../core/money';
import type { Seller } from '../core/schemas';
import { legalIdentity } from '../send-message/copy-values';
import { date, money } from '../send-message/format';
import type { MessageView, Row } from '../send-message/view';

/**
 * The seller's legal identity as the emails' footer prints it: designation (legal name, form and share
 * capital, art. R123-237 Code de commerce), address, registration.
 */
export function legalIdentityLines(seller: Seller, locale: Locale): string[] {
  const identity = legalIdentity({ seller, locale });
  return [`${identity.name} – ${identity.address.join(', ')}`, identity.registration.join(' · ')];
}

export function row(label: string, value: string, strong = false): Row {
  return { label, value, strong };
}

/** The blocks of a customer message an email to the seller's own contact never has. */
type CustomerOnlyBlocks =
  | 'statement'
  | 'outro'
  | 'payment'
  | 'reply'
  | 'closing'
  | 'signature'
  | 'escalation';

/**
 * The frame of every email Relance writes to the seller's contact (seller alerts, customer replies): the
 * invoice summary, the internal footer, and none of the customer message's blocks.
 */
export function internalEmailFrame(
  seller: Seller,
  invoice: InvoiceSummary,
  locale: Locale,
): Pick<
  MessageView,
  'lang' | 'colon' | 'sellerName' | 'summaryTitle' | 'summary' | 'footer' | CustomerOnlyBlocks
> {
  const labels = COPY[locale].labels;
  const amount = (minor: number) => money(minor, invoice.currency, locale);
  return {
    lang: locale,
    colon: labels.colon,
    sellerName: `Relance · ${seller.sender.fromName}`,
    summaryTitle: labels.summaryTitle,
    summary: [
      row(labels.invoiceNumber, invoice.number),
      row(labels.issueDate, date(invoice.issueDate, locale)),
      row(labels.dueDate, date(invoice.dueDate, locale)),
      row(labels.invoiceTotal, amount(invoice.totalMinor)),
      ...(invoice.paidMinor > 0 ? [row(labels.alreadyPaid, amount(invoice.paidMinor))] : []),
      row(labels.amountDue, amount(invoice.balanceMinor), true),
    ],
    statement: null,
    outro: [],
    payment: null,
    reply: null,
    closing: [],
    signature: [],
    footer: [...legalIdentityLines(seller, locale), labels.internalFooter(seller.legalName)],
    escalation: null,
  };
}
