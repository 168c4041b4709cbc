import { daysBetween, localDate } from '../core/dates';
import { attributePayment, fullPaymentAt, type KpiPayment } from '../core/kpis';
import { minorUnitDigits } from '../core/money';
import { putMetric } from './metrics';
import { toKpiInvoice } from './reports';
import type { InvoiceRecord } from './store';

/** Minor units → major units (cents → euros): dashboards show amounts a finance person reads as is. */
export function toMajorUnits(amountMinor: number, currency: string): number {
  return amountMinor / 10 ** minorUnitDigits(currency);
}

/** A payment was recorded on `invoice` (as it stood before the payment): amount by currency and step. */
export function recordPaymentMetrics(invoice: InvoiceRecord, payment: KpiPayment): void {
  const step = attributePayment(payment, toKpiInvoice(invoice, []).messages);
  putMetric('PaymentsRecorded', {}, 1);
  putMetric(
    'AmountRecovered',
    { currency: invoice.currency, step },
    toMajorUnits(payment.amountMinor, invoice.currency),
  );
}

/** `invoice` (as stored once paid) was just settled: paid by stage, days late, amicable or not. */
export function recordSettlementMetrics(invoice: InvoiceRecord, timezone: string): void {
  const kpi = toKpiInvoice(invoice, []);
  const paidAt = fullPaymentAt(kpi);
  if (paidAt === undefined) return;
  const step = attributePayment({ amountMinor: 0, paidAt }, kpi.messages);
  putMetric('InvoicesPaid', { step }, 1);
  const daysLate = daysBetween(invoice.dueDate, localDate(new Date(paidAt), { timezone }));
  putMetric('DaysLateAtPayment', {}, daysLate);
  const noticeSent = kpi.messages.some(
    (message) => message.step === 'formal_notice' && Date.parse(message.sentAt) < Date.parse(paidAt),
  );
  if (daysLate > 0 && !noticeSent) putMetric('AmicableSettlements', {}, 1);
}
