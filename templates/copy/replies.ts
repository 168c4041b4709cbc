import { type ReplyNotificationCopy, replyNotificationEn, replyNotificationFr } from './reply-notification';
import { type ReplyPageCopy, replyPageEn, replyPageFr } from './reply-page';

export type { ReplyNotificationCopy } from './reply-notification';
export type { ReplyPageCopy } from './reply-page';

/**
 * Wording of customer replies: the link block of every reminder (here), the reply page (`GET /r/{token}`,
 * reply-page.ts) and the email that tells the seller's contact what the customer answered
 * (reply-notification.ts). Plain text: the page and the templates escape every value.
 */
export interface ReplyLinkCopy {
  readonly title: string;
  readonly text: string;
  readonly label: string;
}

export interface RepliesCopy {
  readonly link: ReplyLinkCopy;
  readonly page: ReplyPageCopy;
  readonly notification: ReplyNotificationCopy;
}

export const repliesFr: RepliesCopy = {
  link: {
    title: 'Une réponse à nous donner ?',
    text: 'Facture déjà réglée, besoin d’un délai, désaccord ou question : dites-le-nous en un clic. Votre réponse parvient directement à notre service comptabilité.',
    label: 'Répondre à ce message',
  },
  page: replyPageFr,
  notification: replyNotificationFr,
};

export const repliesEn: RepliesCopy = {
  link: {
    title: 'Anything to tell us?',
    text: 'Already paid, need more time, disagree with the invoice or have a question? Let us know in one click: your answer goes straight to our accounts team.',
    label: 'Reply to this message',
  },
  page: replyPageEn,
  notification: replyNotificationEn,
};

/** Reply wording per locale. */
export const REPLIES_COPY = { fr: repliesFr, en: repliesEn } as const;
