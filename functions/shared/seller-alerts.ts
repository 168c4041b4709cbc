import { createHash } from 'node:crypto';
import { localDate } from '../core/dates';
import { claimDeclarationMonths, outsideMetropolitanFrance } from '../core/insolvency';
import type { Seller } from '../core/schemas';
import { formatAddress } from '../send-message/headers';
import { lazyModule, siblingModule } from './lazy-module';
import { logger } from './logger';
import { type MailerPort, type OutgoingEmail, type SentEmailCopy, sentCopy } from './mailer';
import { putMetric } from './metrics';
import type { SellerAlert } from './seller-alert-view';
import type { InvoiceRecord, Store } from './store';

export type { SellerAlert } from './seller-alert-view';

/** What some alerts carry beyond the email: attached files, a kept copy, event fields. */
export interface SellerAlertExtras {
  readonly attachments?: readonly { readonly fileName: string; readonly bytes: Uint8Array }[];
  /**
   * Keeps the alert as sent for the evidence bundle and returns where (an S3 key, recorded on the
   * event). Given by the functions that write evidence, so the others bundle no S3 client for it.
   */
  readonly keepCopy?: (copy: SentEmailCopy) => Promise<string>;
  readonly eventFields?: Readonly<Record<string, unknown>>;
}

/** The store methods this module uses (its port: a fake implements just these). */
export type SellerAlertStore = Pick<
  Store,
  'claimSellerAlert' | 'releaseSellerAlert' | 'markSellerAlertSent' | 'appendEvent'
>;

export interface SellerAlertDeps {
  readonly store: SellerAlertStore;
  /**
   * How the alert goes out: the send function's own mailer, or `onDemandSesMailer` where alerts are rare
   * (the SES client then loads on the first alert, not at every cold start).
   */
  readonly mailer: MailerPort;
  readonly now: () => Date;
}

/**
 * The alert's rendering (templates, wording: a few hundred KiB) loads on first use only: alerts are rare
 * and the API and SES-events functions stay small. Deployed it is `seller-alert-view.mjs` next to
 * `index.mjs` (BaseFunction `lazyModules`); run from source, `seller-alert-view.ts`. The specifier is
 * computed so that esbuild leaves the import out of `index.mjs`.
 */
const loadAlertView = lazyModule(
  () =>
    import(siblingModule(import.meta.url, 'seller-alert-view')) as Promise<
      typeof import('./seller-alert-view')
    >,
);

/** The alert key of an undeliverable address: one alert per address, never the address itself. */
export function undeliverableAlertKey(address: string): string {
  return `undeliverable#${createHash('sha256').update(address.trim().toLowerCase()).digest('hex').slice(0, 16)}`;
}

/**
 * Sends one alert to the seller's contact at most once per key: a conditional put claims the key, then
 * SES sends, then the message id and a `seller_alerted` event are recorded. If SES answers with an error
 * nothing went out: the claim is given back (a later attempt may send) and `seller_alert_failed` is
 * recorded; the caller goes on (an alert never fails a payment, a pause or a send).
 */
export async function alertSellerOnce(
  deps: SellerAlertDeps,
  invoice: InvoiceRecord,
  seller: Seller,
  alert: SellerAlert,
  key: string,
  extras: SellerAlertExtras = {},
): Promise<'sent' | 'already_sent' | 'failed'> {
  const { store } = deps;
  const attachments = extras.attachments ?? [];
  const step = `seller_alert_${alert.kind}`;
  const from = formatAddress(seller.sender.fromName, seller.sender.fromEmail);
  const at = deps.now().toISOString();
  if (!(await store.claimSellerAlert(invoice.invoiceId, key, alert.kind, at))) return 'already_sent';
  const { renderSellerAlert } = await loadAlertView();
  const message = renderSellerAlert({ seller, customer: invoice.customer, invoice, alert });
  const email: OutgoingEmail = {
    from,
    to: [seller.contact.email],
    replyTo: seller.sender.replyTo,
    ...message,
    attachments,
    invoiceId: invoice.invoiceId,
    step,
  };
  let messageId: string | undefined;
  try {
    messageId = await deps.mailer.send(email);
  } catch (error) {
    logger.error('Seller alert failed', {
      invoiceId: invoice.invoiceId,
      alert: alert.kind,
      error: error as Error,
    });
  }
  if (!messageId) {
    await store.releaseSellerAlert(invoice.invoiceId, key);
    await store.appendEvent(invoice.invoiceId, { at, type: 'seller_alert_failed', alert: alert.kind });
    return 'failed';
  }
  await store.markSellerAlertSent(invoice.invoiceId, key, messageId);
  const evidenceKey = await extras.keepCopy?.(sentCopy(email, messageId, at));
  await store.appendEvent(invoice.invoiceId, {
    at,
    type: 'seller_alerted',
    alert: alert.kind,
    step,
    messageId,
    ...(evidenceKey ? { evidenceKey } : {}),
    ...extras.eventFields,
  });
  putMetric('SellerAlertsSent', { alert: alert.kind }, 1);
  return 'sent';
}

/** Insolvency pause: tells the seller, once per invoice, how long it has to declare its claim. */
export async function alertInsolvency(
  deps: SellerAlertDeps,
  invoice: InvoiceRecord,
  seller: Seller,
): Promise<'sent' | 'already_sent' | 'failed'> {
  const pause = invoice.pause;
  const alert: SellerAlert = {
    kind: 'insolvency',
    pausedOn: localDate(pause ? new Date(pause.at) : deps.now(), seller.sendWindow),
    months: claimDeclarationMonths(outsideMetropolitanFrance(seller.address)),
    ...(pause?.bodaccPublishedOn ? { publishedOn: pause.bodaccPublishedOn } : {}),
    ...(pause?.claimDeclarationDeadline ? { deadline: pause.claimDeclarationDeadline } : {}),
  };
  return alertSellerOnce(deps, invoice, seller, alert, 'insolvency');
}
