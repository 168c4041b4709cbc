import { allShardPartitions, shardOf, shardPartition } from '../core/index-shards';
import type { InvoiceStatus } from '../core/lifecycle';

/**
 * Every key of the single table (docs/architecture.md, "DynamoDB single table"), built here and nowhere
 * else. Index keys come with their sort key; pass '' for a value only the partition key needs.
 */
export const keys = {
  /** All seller keys share one partition: a deployment has tens of keys, listed together. */
  apiKey: (keyId: string) => ({ pk: 'APIKEYS', sk: `APIKEY#${keyId}` }),
  /** `hash` = sha256(caller key id + Idempotency-Key). */
  idempotency: (hash: string) => ({ pk: `IDEMPOTENCY#${hash}`, sk: 'IDEMPOTENCY' }),
  seller: (sellerId: string) => ({ pk: `SELLER#${sellerId}`, sk: 'PROFILE' }),
  /** Every seller profile is also listed under one `bySeller` partition (the daily job reads it by Query). */
  sellerList: (sellerId: string) => ({ gsi1pk: 'SELLERS', gsi1sk: sellerId }),
  /** A seller's own generic-webhook secrets (the current one and the one it replaced). */
  webhookSecret: (sellerId: string) => ({ pk: `SELLER#${sellerId}`, sk: 'WEBHOOK_SECRET' }),
  /** One delivered payment-provider event: a replay finds it (deduplication). */
  webhookDelivery: (provider: string, eventId: string) => ({
    pk: `WEBHOOK#${provider}#${eventId}`,
    sk: 'WEBHOOK',
  }),
  invoice: (invoiceId: string) => ({ pk: `INVOICE#${invoiceId}`, sk: 'INVOICE' }),
  /** One event of an invoice's timeline, sorted by time then by the invoice's event counter. */
  event: (invoiceId: string, at: string, sequence: string) => ({
    pk: `INVOICE#${invoiceId}`,
    sk: `EVENT#${at}#${sequence}`,
  }),
  eventPrefix: 'EVENT#',
  /** Sharded by invoice number (functions/core/index-shards.ts): a big seller's imports spread over partitions. */
  bySeller: (sellerId: string, number: string) => ({
    gsi1pk: shardPartition(`SELLER#${sellerId}`, shardOf(number)),
    gsi1sk: number,
  }),
  /** Every `bySeller` partition of a seller (list all of them to list the seller). */
  bySellerPartitions: (sellerId: string) => allShardPartitions(`SELLER#${sellerId}`),
  byCustomer: (sellerId: string, customerId: string, dueDate: string, invoiceId: string) => ({
    gsi2pk: `SELLER#${sellerId}#CUSTOMER#${customerId}`,
    gsi2sk: `${dueDate}#${invoiceId}`,
  }),
  /** Registered letters still travelling, polled by the postal tracking function. */
  openLetter: (invoiceId: string) => ({ pk: 'POSTAL#OPEN', sk: invoiceId }),
  /** Sharded by invoice id, like `bySeller`. */
  byStatus: (sellerId: string, status: InvoiceStatus, dueDate: string, invoiceId: string) => ({
    gsi3pk: shardPartition(`SELLER#${sellerId}#STATUS#${status}`, shardOf(invoiceId)),
    gsi3sk: `${dueDate}#${invoiceId}`,
  }),
  byStatusPartitions: (sellerId: string, status: InvoiceStatus) =>
    allShardPartitions(`SELLER#${sellerId}#STATUS#${status}`),
  /** The one customer message of a day to one address (hash of the address: no address in a key). */
  contactDay: (sellerId: string, addressHash: string, day: string) => ({
    pk: `CONTACT#${sellerId}#${addressHash}`,
    sk: `DAY#${day}`,
  }),
  /** A customer's answer to one reminder (one item per reminder and action: each is recorded once). */
  reply: (invoiceId: string, step: string, action: string) => ({
    pk: `INVOICE#${invoiceId}`,
    sk: `REPLY#${step}#${action}`,
  }),
  /** The answers to one reminder (a `begins_with` prefix of `reply`). */
  replyPrefix: (step: string) => `REPLY#${step}#`,
  /**
   * The item that makes a seller alert go out once: one per invoice and alert key, next to the
   * invoice's events.
   */
  sellerAlert: (invoiceId: string, key: string) => ({ pk: `INVOICE#${invoiceId}`, sk: `ALERT#${key}` }),
  /**
   * The limitation alert planned for a day: one partition per day, read by the daily job (its cost
   * follows the alerts due, not the invoices kept).
   */
  limitationAlert: (day: string, invoiceId: string) => ({ pk: `LIMITATION#${day}`, sk: invoiceId }),
  /** Markers of pending starts: one partition, sorted by registration time (a handful at a time). */
  pendingStart: (registeredAt: string, invoiceId: string) => ({
    pk: 'PENDING_START',
    sk: `${registeredAt}#${invoiceId}`,
  }),
};
