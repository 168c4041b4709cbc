import type { ReplyAction } from '../../functions/core/replies';

/** The name of each kind of customer answer, on the reply page and in the seller's notification. */
const fr: Record<ReplyAction, string> = {
  paid: 'paiement déclaré',
  promise: 'promesse de paiement',
  dispute: 'contestation',
  plan: 'demande d’échéancier',
  question: 'question',
};

const en: Record<ReplyAction, string> = {
  paid: 'payment declared',
  promise: 'promise to pay',
  dispute: 'dispute',
  plan: 'payment plan request',
  question: 'question',
};

export const REPLY_ACTION_NAMES: Readonly<Record<'fr' | 'en', Readonly<Record<ReplyAction, string>>>> = {
  fr,
  en,
};
