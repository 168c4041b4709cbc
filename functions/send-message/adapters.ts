import { postalMail } from '../postal/config';
import { dispatchFormalNoticeLetter } from '../postal/dispatch';
import { evidenceCopyKeeper } from '../shared/evidence-copy';
import { lazyModule, siblingModule } from '../shared/lazy-module';
import { logger } from '../shared/logger';
import type { MailerPort } from '../shared/mailer';
import type { Store } from '../shared/store';
import type { SenderRuntime } from './claims';
import type { ContactDaysPort, LettersPort } from './ports';

/** The contact-day module loads on the first customer reminder or notice (BaseFunction `lazyModules`). */
const contactDay = lazyModule(
  () => import(siblingModule(import.meta.url, 'contact-day')) as Promise<typeof import('./contact-day')>,
);

/** The contact days in the table (contact-day.ts, loaded on first use). */
export function tableContactDays(store: Store, runtime: SenderRuntime): ContactDaysPort {
  return {
    open: async (invoice, seller, step, now, key) =>
      (await contactDay()).openContactDay({ store, runtime }, invoice, seller, step, now, key),
    release: async (contact) => (await contactDay()).releaseContactDay(store, contact),
    markSent: async (contact, messageId, members) =>
      (await contactDay()).markContactDaySent(store, contact, messageId, members),
  };
}

/** The formal notice's letter through the configured postal provider, or to the seller to post. */
export function postalLetters(deps: {
  readonly store: Store;
  readonly bucketName: string;
  /** The seller's alert when nobody posts the letter goes out through the send's own mailer. */
  readonly mailer: MailerPort;
  readonly now: () => Date;
}): LettersPort {
  const alerts = { mailer: deps.mailer, keepCopy: evidenceCopyKeeper(deps.bucketName) };
  return {
    dispatch: async (invoice, seller, letter) =>
      dispatchFormalNoticeLetter(
        { store: deps.store, bucketName: deps.bucketName, now: deps.now, alerts },
        // A misconfigured provider must not fail a sent notice: the letter is then left for the seller to post.
        await postalMail().catch((error: unknown) => {
          logger.error('Postal mail provider unavailable', { error: (error as Error).name });
          return undefined;
        }),
        invoice,
        seller,
        letter,
      ),
  };
}
