import type { ConsolidatedStep } from './consolidation';
import type { Locale } from './money';
import type { PayerProfile } from './tone';

/**
 * The wording of one email about several invoices (docs/domain.md "One message per customer and day").
 * The firmest step among the invoices sets the register (a courtesy notice, a first reminder, a second
 * reminder) and the customer's payer profile the tone, as for a single invoice. Plain text: the templates
 * escape every value. Amounts and dates arrive formatted for the locale.
 */

export interface ConsolidatedValues {
  readonly step: ConsolidatedStep;
  readonly tone: PayerProfile;
  readonly customerName: string;
  readonly sellerName: string;
  /** Invoices listed (at least 2). */
  readonly count: number;
  /** Sum of the balances still due, formatted. */
  readonly total: string;
  /** Whether any listed invoice is past its due date. */
  readonly anyLate: boolean;
  /** B2B customer: the late-penalty sentence of the second reminder is allowed. */
  readonly penaltiesApply: boolean;
}

export interface ConsolidatedWording {
  readonly subject: string;
  readonly preheader: string;
  readonly heading: string;
  readonly greeting: string;
  readonly intro: string[];
  readonly outro: string[];
}

/** One line of the invoice table: the label and the value, both plain text. */
export function invoiceLine(
  locale: Locale,
  item: {
    readonly number: string;
    readonly dueDate: string;
    readonly amountDue: string;
    readonly daysLate: number;
  },
): { readonly label: string; readonly value: string } {
  if (locale === 'fr') {
    const late =
      item.daysLate > 0
        ? ` – ${item.daysLate} jour${item.daysLate > 1 ? 's' : ''} de retard`
        : ' – non échue';
    return {
      label: `Facture n°${item.number} (échéance ${item.dueDate})`,
      value: `${item.amountDue}${late}`,
    };
  }
  const late =
    item.daysLate > 0 ? ` – ${item.daysLate} day${item.daysLate > 1 ? 's' : ''} late` : ' – not yet due';
  return { label: `Invoice ${item.number} (due ${item.dueDate})`, value: `${item.amountDue}${late}` };
}

/** The labels around the invoice table. */
export function tableLabels(locale: Locale): { readonly title: string; readonly total: string } {
  return locale === 'fr'
    ? { title: 'Vos factures concernées', total: 'Total restant dû' }
    : { title: 'Your invoices concerned', total: 'Total outstanding' };
}

const byTone = (tone: PayerProfile, choices: Record<PayerProfile, string>): string => choices[tone];

function fr(v: ConsolidatedValues): ConsolidatedWording {
  const invoices = `${v.count} factures`;
  const greeting = `Bonjour ${v.customerName},`;
  const outro = [
    'Chaque facture est jointe à ce message ; la référence de virement à indiquer est son numéro.',
    'Si vous avez déjà procédé au règlement, merci de ne pas tenir compte de ce message.',
  ];
  if (v.step === 'courtesy_reminder') {
    return {
      subject: `Rappel : ${invoices} arrivent à échéance – ${v.total}`,
      preheader: `${invoices} de ${v.sellerName} pour un total de ${v.total}.`,
      heading: 'Vos prochaines échéances',
      greeting,
      intro: [
        `Pour faciliter votre suivi, voici en un seul message les ${invoices} de ${v.sellerName} qui arrivent à échéance ou restent à régler, pour un total de ${v.total}.`,
        byTone(v.tone, {
          good: 'Merci de votre confiance : le détail et les moyens de paiement figurent ci-dessous.',
          standard: 'Le détail et les moyens de paiement figurent ci-dessous.',
          bad: 'Nous vous remercions de veiller à ce que ces règlements nous parviennent au plus tard à leur échéance.',
        }),
      ],
      outro,
    };
  }
  if (v.step === 'first_reminder') {
    return {
      subject: `Relance : ${invoices} impayées – montant total ${v.total}`,
      preheader: `${invoices} restent à régler pour un total de ${v.total}.`,
      heading: 'Factures en attente de règlement',
      greeting,
      intro: [
        `Sauf erreur de notre part, ${invoices} restent impayées à ce jour, pour un total de ${v.total}. Nous les regroupons dans ce seul message.`,
        byTone(v.tone, {
          good: 'Il s’agit sans doute d’un simple oubli ; merci de procéder au règlement dès que possible.',
          standard: 'Nous vous remercions de procéder à leur règlement dans les meilleurs délais.',
          bad: 'Nous vous demandons de procéder à leur règlement sans attendre.',
        }),
      ],
      outro: [
        ...outro,
        'Une difficulté sur l’une d’elles ? Répondez à ce message : nous pouvons en parler, y compris d’un échéancier.',
      ],
    };
  }
  return {
    subject: `Deuxième relance : ${invoices} impayées – montant total ${v.total}`,
    preheader: `Malgré notre précédente relance, ${invoices} restent impayées (${v.total}).`,
    heading: 'Deuxième relance',
    greeting,
    intro: [
      `Malgré notre précédente relance, ${invoices} restent impayées à ce jour, pour un total de ${v.total}.`,
      byTone(v.tone, {
        good: 'Nous vous remercions de régulariser la situation dès réception de ce message.',
        standard: 'Nous vous demandons de régulariser la situation sous huit jours.',
        bad: 'Nous vous mettons en demeure amiable de régulariser la situation sous huit jours ; à défaut, nous engagerons la procédure de recouvrement.',
      }),
      ...(v.penaltiesApply && v.anyLate
        ? [
            'Des pénalités de retard et l’indemnité forfaitaire pour frais de recouvrement de 40 € par facture sont exigibles (art. L441-10 du Code de commerce).',
          ]
        : []),
    ],
    outro,
  };
}

function en(v: ConsolidatedValues): ConsolidatedWording {
  const invoices = `${v.count} invoices`;
  const greeting = `Dear ${v.customerName},`;
  const outro = [
    'Each invoice is attached to this message; please quote its number as the transfer reference.',
    'If you have already paid, please disregard this message.',
  ];
  if (v.step === 'courtesy_reminder') {
    return {
      subject: `Reminder: ${invoices} coming due – ${v.total}`,
      preheader: `${invoices} from ${v.sellerName}, ${v.total} in total.`,
      heading: 'Your upcoming due dates',
      greeting,
      intro: [
        `To make things simpler, here are in one message the ${invoices} from ${v.sellerName} coming due or still open, ${v.total} in total.`,
        byTone(v.tone, {
          good: 'Thank you for your trust: the details and the ways to pay are below.',
          standard: 'The details and the ways to pay are below.',
          bad: 'Please make sure these payments reach us by their due dates at the latest.',
        }),
      ],
      outro,
    };
  }
  if (v.step === 'first_reminder') {
    return {
      subject: `Reminder: ${invoices} unpaid – ${v.total} in total`,
      preheader: `${invoices} are still unpaid, ${v.total} in total.`,
      heading: 'Invoices awaiting payment',
      greeting,
      intro: [
        `According to our records, ${invoices} are still unpaid, ${v.total} in total. We have gathered them in this one message.`,
        byTone(v.tone, {
          good: 'This is probably an oversight; please pay them at your earliest convenience.',
          standard: 'Please pay them as soon as possible.',
          bad: 'Please pay them without delay.',
        }),
      ],
      outro: [
        ...outro,
        'A problem with one of them? Reply to this message: we can talk it over, a payment plan included.',
      ],
    };
  }
  return {
    subject: `Second reminder: ${invoices} unpaid – ${v.total} in total`,
    preheader: `Despite our previous reminder, ${invoices} are still unpaid (${v.total}).`,
    heading: 'Second reminder',
    greeting,
    intro: [
      `Despite our previous reminder, ${invoices} are still unpaid, ${v.total} in total.`,
      byTone(v.tone, {
        good: 'Please settle them as soon as you receive this message.',
        standard: 'Please settle them within eight days.',
        bad: 'Please settle them within eight days; otherwise we will start recovery proceedings.',
      }),
      ...(v.penaltiesApply && v.anyLate
        ? [
            'Late-payment penalties and the fixed recovery indemnity of €40 per invoice are due (art. L441-10 of the French Commercial Code).',
          ]
        : []),
    ],
    outro,
  };
}

/** The wording of a consolidated email in the customer's locale. */
export function consolidatedWording(locale: Locale, values: ConsolidatedValues): ConsolidatedWording {
  return locale === 'fr' ? fr(values) : en(values);
}
