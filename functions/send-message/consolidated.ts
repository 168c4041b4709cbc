import { consolidatedWording, invoiceLine, tableLabels } from '../core/consolidated-wording';
import type { ConsolidatedStep } from '../core/consolidation';
import type { MessageContext } from '../core/messages';
import { date, money } from './format';
import { headerValue } from './headers';
import type { MessageView } from './view';

/** One invoice of a consolidated email, as listed. */
export interface ListedInvoice {
  readonly number: string;
  readonly dueDate: string;
  readonly balanceMinor: number;
  readonly daysLate: number;
}

/**
 * One email for several invoices of one customer (docs/domain.md): the view of the firmest step
 * (`context.step`, built as for a single invoice), with the wording of `core/consolidated-wording.ts`
 * and one table line per invoice instead of the single invoice's summary and statement. Every amount is
 * in the lead invoice's currency: invoices join only in the same currency.
 *
 * Loaded on first use (BaseFunction `lazyModules`, `render.ts`): single-invoice sends never pay for it.
 */
export function consolidatedView(
  base: MessageView,
  context: MessageContext & { readonly step: ConsolidatedStep },
  invoices: readonly ListedInvoice[],
): MessageView {
  const { locale, invoice } = context;
  const amount = (minor: number) => money(minor, invoice.currency, locale);
  const total = invoices.reduce((sum, item) => sum + item.balanceMinor, 0);
  const wording = consolidatedWording(locale, {
    step: context.step,
    tone: context.tone,
    customerName: context.customer.name,
    sellerName: context.seller.sender.fromName,
    count: invoices.length,
    total: amount(total),
    anyLate: invoices.some((item) => item.daysLate > 0),
    penaltiesApply: context.customer.type === 'business',
  });
  const labels = tableLabels(locale);
  const rows = invoices.map((item) => {
    const line = invoiceLine(locale, {
      number: item.number,
      dueDate: date(item.dueDate, locale),
      amountDue: amount(item.balanceMinor),
      daysLate: item.daysLate,
    });
    return { label: line.label, value: line.value, strong: false };
  });
  // The payment link pays one invoice: a consolidated email offers the transfer, every number as reference.
  const transfer = base.payment?.transfer;
  const references = invoices.map((item) => item.number).join(', ');
  const payment: MessageView['payment'] =
    base.payment && transfer
      ? {
          ...base.payment,
          link: null,
          transfer: {
            ...transfer,
            rows: transfer.rows.map((row) => (row.strong ? { ...row, value: references } : row)),
          },
        }
      : null;
  return {
    ...base,
    subject: headerValue(wording.subject),
    preheader: wording.preheader,
    heading: wording.heading,
    greeting: wording.greeting,
    intro: wording.intro,
    summaryTitle: labels.title,
    summary: [...rows, { label: labels.total, value: amount(total), strong: true }],
    statement: null,
    outro: wording.outro,
    payment,
  };
}
