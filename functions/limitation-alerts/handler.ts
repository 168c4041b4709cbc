import * as z from 'zod/mini';
import { addDays, daysBetween } from '../core/dates';
import { LIMITATION_ALERT_LOOKBACK_DAYS, limitationAlertDue, limitationDate } from '../core/limitation';
import { now } from '../shared/clock';
import { loadConfig } from '../shared/config';
import { evidenceCopyKeeper } from '../shared/evidence-copy';
import { logger } from '../shared/logger';
import { onDemandSesMailer } from '../shared/on-demand';
import { alertSellerOnce } from '../shared/seller-alerts';
import { Store } from '../shared/store';

const config = loadConfig({
  TABLE_NAME: z.string().check(z.minLength(1)),
  INVOICES_BUCKET: z.string().check(z.minLength(1)),
  SES_CONFIGURATION_SET: z.string().check(z.minLength(1)),
  // Base URL of the public API: the alert links the evidence bundle.
  REPLY_BASE_URL: z.url(),
});
const store = new Store(config.TABLE_NAME);
// Most days alert nobody: the SES client loads with the first alert.
const alertMailer = onDemandSesMailer(config.SES_CONFIGURATION_SET);
const keepCopy = evidenceCopyKeeper(config.INVOICES_BUCKET);

type Outcome = 'sent' | 'closed' | 'failed';

async function alertOne(invoiceId: string, day: string, today: string): Promise<Outcome> {
  const invoice = await store.getInvoice(invoiceId);
  const seller = invoice ? await store.getSeller(invoice.sellerId) : undefined;
  if (!invoice || !seller || !limitationAlertDue(invoice, today)) {
    await store.clearLimitationAlert(day, invoiceId);
    return 'closed';
  }
  const last = limitationDate(invoice.customer.type, invoice.dueDate);
  const outcome = await alertSellerOnce(
    { store, mailer: alertMailer, now },
    invoice,
    seller.profile,
    {
      kind: 'limitation',
      limitationDate: last,
      daysLeft: daysBetween(today, last),
      evidenceUrl: `${config.REPLY_BASE_URL.replace(/\/+$/, '')}/invoices/${invoiceId}/evidence`,
    },
    'limitation',
    { keepCopy, eventFields: { limitationDate: last } },
  );
  // SES refused it: the plan stays, tomorrow's run tries again.
  if (outcome === 'failed') return 'failed';
  await store.clearLimitationAlert(day, invoiceId);
  return outcome === 'sent' ? 'sent' : 'closed';
}

/**
 * Daily (EventBridge Scheduler): tells the seller's contact, once per invoice, that an unpaid claim is
 * time-barred in 90 days. Reads the alerts planned on today and the days before (a missed run is caught
 * up), re-reads each invoice, and sends through the seller alerts (one per invoice and key).
 */
export const handler = async () => {
  const today = now().toISOString().slice(0, 10);
  const outcomes: Record<Outcome | 'error', number> = { sent: 0, closed: 0, failed: 0, error: 0 };
  for (let back = LIMITATION_ALERT_LOOKBACK_DAYS; back >= 0; back -= 1) {
    const day = addDays(today, -back);
    for (const invoiceId of await store.plannedLimitationAlerts(day)) {
      try {
        outcomes[await alertOne(invoiceId, day, today)] += 1;
      } catch (error) {
        outcomes.error += 1;
        logger.warn('Limitation alert not handled', { invoiceId, error: (error as Error).name });
      }
    }
  }
  if (outcomes.sent + outcomes.failed + outcomes.error > 0) logger.info('Limitation alerts', outcomes);
  return outcomes;
};
