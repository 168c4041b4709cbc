import { NotFoundError } from '../../core/errors';
import { type Seller, sellerSchema } from '../../core/schemas';
import type { InvoiceRecord, Store } from '../store';

/** The reads every use case starts with (their smallest port). */
export type InvoiceReads = Pick<Store, 'getInvoice'>;
export type SellerReads = Pick<Store, 'getSeller'>;

/** The invoice, or a `NotFoundError` (404 through the API). */
export async function requireInvoice(store: InvoiceReads, invoiceId: string): Promise<InvoiceRecord> {
  const record = await store.getInvoice(invoiceId);
  if (!record) throw new NotFoundError(`Invoice ${invoiceId} does not exist.`);
  return record;
}

/** The seller's profile, parsed (defaults applied), or a `NotFoundError`. */
export async function requireSeller(store: SellerReads, sellerId: string): Promise<Seller> {
  const record = await store.getSeller(sellerId);
  if (!record) throw new NotFoundError(`Seller ${sellerId} does not exist.`);
  return sellerSchema.parse(record.profile);
}
