import { PutObjectCommand } from '@aws-sdk/client-s3';
import type { Seller } from '../core/schemas';
import { s3Client } from '../shared/aws/s3';
import { logger } from '../shared/logger';
import type { MailerPort } from '../shared/mailer';
import { alertSellerOnce, type SellerAlertExtras } from '../shared/seller-alerts';
import type { InvoiceRecord, PostalRecord, Store } from '../shared/store';
import { type PostalAddress, type PostalMail, PostalMailError } from './port';

export interface PostalDeps {
  readonly store: Store;
  readonly bucketName: string;
  readonly now: () => Date;
  /** How the seller is told to post a letter nobody posted (the send function gives it). */
  readonly alerts?: { readonly mailer: MailerPort; readonly keepCopy: SellerAlertExtras['keepCopy'] };
}

/** The formal notice's letter as attached to its email. */
export interface NoticeLetter {
  readonly key: string;
  readonly bytes: Uint8Array;
  readonly fileName: string;
  /** Seller-local date the notice went out. */
  readonly sentOn: string;
  /** The payment deadline it gives. */
  readonly deadline?: string;
}

/**
 * Nobody posts the letter (no provider, or the provider failed): the seller's contact gets it attached
 * with the customer's postal address and what to do, once per invoice; the alert is kept as evidence.
 */
async function askSellerToPost(
  deps: PostalDeps,
  invoice: InvoiceRecord,
  seller: Seller,
  letter: NoticeLetter,
  providerFailed: boolean,
): Promise<void> {
  await deps.store.appendEvent(invoice.invoiceId, {
    at: deps.now().toISOString(),
    type: 'postal_letter_to_post',
    letterKey: letter.key,
  });
  if (!deps.alerts) return;
  await alertSellerOnce(
    { store: deps.store, mailer: deps.alerts.mailer, now: deps.now },
    invoice,
    seller,
    {
      kind: 'letter_to_post',
      sentOn: letter.sentOn,
      ...(letter.deadline ? { deadline: letter.deadline } : {}),
      providerFailed,
    },
    'letter_to_post',
    {
      attachments: [{ fileName: letter.fileName, bytes: letter.bytes }],
      ...(deps.alerts.keepCopy ? { keepCopy: deps.alerts.keepCopy } : {}),
    },
  );
}

function recipientAddress(invoice: InvoiceRecord): PostalAddress | undefined {
  const { customer } = invoice;
  if (!customer.address) return undefined;
  return {
    ...(customer.companyName ? { company: customer.companyName } : {}),
    person: customer.name,
    line1: customer.address.line1,
    ...(customer.address.line2 ? { line2: customer.address.line2 } : {}),
    postalCode: customer.address.postalCode,
    city: customer.address.city,
    country: customer.address.country,
  };
}

/**
 * After the formal notice went out by email: with no provider, the seller is asked to post the letter
 * (attached); with one, posts it as a registered letter with acknowledgement of receipt (once per
 * invoice: a conditional claim). A provider failure never fails the send — the email is out — it is
 * recorded (`registered_letter_failed`) so that the seller posts the letter by hand.
 */
export async function dispatchFormalNoticeLetter(
  deps: PostalDeps,
  provider: PostalMail | undefined,
  invoice: InvoiceRecord,
  seller: Seller,
  letter: NoticeLetter,
): Promise<void> {
  const at = deps.now().toISOString();
  const { invoiceId } = invoice;
  if (!provider) {
    await askSellerToPost(deps, invoice, seller, letter, false);
    return;
  }
  const claim: PostalRecord = {
    provider: provider.provider,
    state: 'posting',
    claimedAt: at,
    letterKey: letter.key,
  };
  if (!(await deps.store.claimPostal(invoiceId, claim))) return;
  const recipient = recipientAddress(invoice);
  try {
    if (!recipient) throw new PostalMailError('the customer has no postal address', 400, 'NO_ADDRESS');
    const handle = await provider.send({
      reference: `${invoiceId}-fn`,
      title: `Mise en demeure ${invoice.number}`,
      fileName: letter.fileName,
      pdf: letter.bytes,
      sender: {
        company: seller.legalName,
        line1: seller.address.line1,
        ...(seller.address.line2 ? { line2: seller.address.line2 } : {}),
        postalCode: seller.address.postalCode,
        city: seller.address.city,
        country: seller.address.country,
      },
      recipient,
      notificationEmail: seller.contact.email,
    });
    const sentAt = deps.now().toISOString();
    await deps.store.savePostal(invoiceId, {
      ...claim,
      state: 'sent',
      sendingId: handle.sendingId,
      recipientId: handle.recipientId,
      sentAt,
    });
    await deps.store.appendEvent(invoiceId, {
      at: sentAt,
      type: 'registered_letter_sent',
      provider: provider.provider,
      sendingId: handle.sendingId,
      letterKey: letter.key,
    });
  } catch (error) {
    const code =
      error instanceof PostalMailError ? (error.code ?? String(error.status ?? '')) : (error as Error).name;
    logger.warn('Registered letter not posted', { invoiceId, provider: provider.provider, code });
    await deps.store.savePostal(invoiceId, { ...claim, state: 'failed', error: code });
    await deps.store.appendEvent(invoiceId, {
      at: deps.now().toISOString(),
      type: 'registered_letter_failed',
      provider: provider.provider,
      error: code,
      letterKey: letter.key,
    });
    await askSellerToPost(deps, invoice, seller, letter, true);
  }
}

/**
 * Polls one travelling letter: records its tracking number once known and, when it is delivered or
 * returned, keeps the provider's proof in S3 (`letters/<invoiceId>/`) and records the outcome.
 */
export async function trackLetter(
  deps: PostalDeps,
  provider: PostalMail,
  invoiceId: string,
): Promise<LetterTrack> {
  const invoice = await deps.store.getInvoice(invoiceId);
  const postal = invoice?.postal;
  if (postal?.state !== 'sent' || !postal.sendingId || !postal.recipientId) {
    // Nothing to poll any more: saving the record as it is closes the tracking entry.
    if (postal) await deps.store.savePostal(invoiceId, postal);
    return 'closed';
  }
  const handle = { provider: postal.provider, sendingId: postal.sendingId, recipientId: postal.recipientId };
  const status = await provider.status(handle);
  const lastStatus = { code: status.code, label: status.label, at: status.at };
  if (status.outcome === 'in_transit') {
    if (status.trackingNumber !== postal.trackingNumber || status.code !== postal.lastStatus?.code) {
      await deps.store.savePostal(invoiceId, {
        ...postal,
        trackingNumber: status.trackingNumber,
        lastStatus,
      });
    }
    return 'in_transit';
  }
  if (!status.proofAvailable) return 'in_transit';
  const proof = await provider.proof(handle);
  const tracking = (status.trackingNumber ?? postal.sendingId).replace(/[^A-Za-z0-9-]/g, '');
  const proofKey = `letters/${invoiceId}/registered-letter-${status.outcome}-${tracking}.pdf`;
  await s3Client().send(
    new PutObjectCommand({
      Bucket: deps.bucketName,
      Key: proofKey,
      Body: proof,
      ContentType: 'application/pdf',
    }),
  );
  const settledAt = status.at ?? deps.now().toISOString();
  await deps.store.savePostal(invoiceId, {
    ...postal,
    state: status.outcome,
    trackingNumber: status.trackingNumber,
    lastStatus,
    settledAt,
    proofKey,
  });
  await deps.store.appendEvent(invoiceId, {
    at: settledAt,
    type: status.outcome === 'delivered' ? 'registered_letter_delivered' : 'registered_letter_returned',
    provider: postal.provider,
    ...(status.trackingNumber ? { trackingNumber: status.trackingNumber } : {}),
    code: status.code,
    label: status.label,
    proofKey,
  });
  return status.outcome;
}

export type LetterTrack = 'closed' | 'in_transit' | 'delivered' | 'returned';
