import { paymentHistory } from '../core/lifecycle';
import type { Seller } from '../core/schemas';
import type { PaymentHistoryEntry } from '../core/tone';
import type { InvoiceRecord } from '../shared/store';
import type { SendDeps } from './ports';

/** The customer's other invoices with this seller, as lateness entries for the payer profile. */
export async function payerHistory(
  deps: Pick<SendDeps, 'store'>,
  invoice: InvoiceRecord,
  today: string,
  seller: Seller,
): Promise<PaymentHistoryEntry[]> {
  const invoices = await deps.store.customerInvoices(invoice.sellerId, invoice.customer.id);
  return paymentHistory(invoices, invoice.invoiceId, today, seller.sendWindow);
}
