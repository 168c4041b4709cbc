import * as z from 'zod/mini';
import { postalMail } from '../postal/config';
import { trackLetter } from '../postal/dispatch';
import { now } from '../shared/clock';
import { loadConfig } from '../shared/config';
import { logger } from '../shared/logger';
import { Store } from '../shared/store';

const config = loadConfig({
  TABLE_NAME: z.string().check(z.minLength(1)),
  INVOICES_BUCKET: z.string().check(z.minLength(1)),
});
const store = new Store(config.TABLE_NAME);

/**
 * Scheduled (EventBridge Scheduler): polls every registered letter still travelling and records its
 * tracking number, then its delivery or return with the provider's proof. One letter's error never
 * stops the others; it is polled again at the next run.
 */
export const handler = async () => {
  const provider = await postalMail();
  if (!provider) return { polled: 0 };
  const ids = await store.listOpenLetters();
  const outcomes: Record<string, number> = {};
  for (const invoiceId of ids) {
    try {
      const outcome = await trackLetter(
        { store, bucketName: config.INVOICES_BUCKET, now },
        provider,
        invoiceId,
      );
      outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
    } catch (error) {
      outcomes.error = (outcomes.error ?? 0) + 1;
      logger.warn('Registered letter not polled', { invoiceId, error: (error as Error).name });
    }
  }
  if (ids.length > 0) logger.info('Registered letters polled', { polled: ids.length, ...outcomes });
  return { polled: ids.length, ...outcomes };
};
