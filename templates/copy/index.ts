import type { Locale } from '../../functions/core/money';
import { en } from './en';
import { fr } from './fr';
import type { LocaleCopy } from './types';

/** Every word the customer or the finance team reads, per message locale. */
export const COPY: Readonly<Record<Locale, LocaleCopy>> = { fr, en };

export type { CopyValues, EscalationCopy, Labels, LetterCopy, LocaleCopy, MessageCopy } from './types';
