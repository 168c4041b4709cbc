import type { Locale } from '../../functions/core/money';
import type { UndeliverableCause } from '../../functions/core/undeliverable';

/**
 * The wording of the seller alerts (`templates/messages/seller_alert.mjml`): emails to the seller's
 * contact about one invoice that needs a person — the customer's address no longer receives mail, or
 * the customer is in insolvency proceedings. Values arrive formatted for the seller's locale; copy
 * functions return plain text (the template escapes it).
 */

export interface UndeliverableValues {
  readonly customer: string;
  readonly number: string;
  readonly invoiceId: string;
  readonly address: string;
  readonly stepName: string | null;
  readonly date: string;
  readonly cause: UndeliverableCause;
}

export interface InsolvencyValues {
  readonly customer: string;
  readonly number: string;
  readonly invoiceId: string;
  readonly pausedOn: string;
  readonly balance: string;
  /** The BODACC publication date of the opening judgment, when the seller gave it. */
  readonly publishedOn: string | null;
  /** The last day to declare the claim, when the publication date is known. */
  readonly deadline: string | null;
  /** 2, or 4 for a creditor outside metropolitan France (art. R622-24 Code de commerce). */
  readonly months: number;
}

interface AlertCopy<V> {
  readonly subject: (values: V) => string;
  readonly heading: (values: V) => string;
  readonly intro: (values: V) => readonly string[];
  readonly factsTitle: string;
  readonly facts: (values: V) => readonly (readonly [string, string])[];
  readonly nextStepsTitle: string;
  readonly nextSteps: (values: V) => readonly string[];
}

export interface AlertsCopy {
  readonly greeting: string;
  readonly undeliverable: AlertCopy<UndeliverableValues>;
  readonly insolvency: AlertCopy<InsolvencyValues>;
}

const frCauses: Record<UndeliverableCause, string> = {
  bounce: 'adresse inexistante ou refusée par le serveur du destinataire (rejet définitif)',
  complaint: 'le destinataire a signalé le message comme indésirable',
  reject: 'message refusé par le service d’envoi',
};

const enCauses: Record<UndeliverableCause, string> = {
  bounce: 'the address does not exist or the recipient’s server refused it (permanent bounce)',
  complaint: 'the recipient marked the message as spam',
  reject: 'the sending service refused the message',
};

const fr: AlertsCopy = {
  greeting: 'Bonjour,',
  undeliverable: {
    subject: (v) => `Adresse e-mail à corriger – facture n°${v.number} (${v.customer})`,
    heading: (v) => `Les relances de la facture n°${v.number} ne parviennent plus à ${v.customer}`,
    intro: (v) => [
      `${v.stepName ? `Le message « ${v.stepName} »` : 'Un message'} envoyé le ${v.date} à ${v.address} n’a pas pu être remis : ${frCauses[v.cause]}.`,
      'Relance n’écrit plus à cette adresse : les étapes suivantes de cette facture, mise en demeure comprise, ne partent pas (motif « undeliverable » dans son échéancier) tant que l’adresse n’est pas corrigée.',
    ],
    factsTitle: 'Ce qui s’est passé',
    facts: (v) => [
      ['Client', v.customer],
      ['Adresse', v.address],
      ['Date', v.date],
      ['Motif', frCauses[v.cause]],
    ],
    nextStepsTitle: 'Comment corriger',
    nextSteps: (v) => [
      `Vérifiez auprès de votre client l’adresse e-mail où envoyer ses factures.`,
      `Donnez-la à Relance : POST /invoices/${v.invoiceId}/contact avec {"email": "…"}. Les relances reprennent alors sans rafale : l’étape en retard part au prochain créneau d’envoi, les suivantes gardent leurs écarts habituels.`,
      v.cause === 'complaint'
        ? 'Votre client a signalé un message comme indésirable : un appel avant de lui écrire à nouveau est préférable.'
        : `Si la facture n’est plus due, enregistrez son paiement ou annulez-la (POST /invoices/${v.invoiceId}/cancel).`,
      'Vous ne recevrez qu’un message pour cette adresse.',
    ],
  },
  insolvency: {
    subject: (v) => `Procédure collective : déclarez votre créance – facture n°${v.number} (${v.customer})`,
    heading: (v) => `${v.customer} est en procédure collective : déclarez votre créance`,
    intro: (v) => [
      `Les relances de la facture n°${v.number} sont suspendues depuis le ${v.pausedOn} (motif : procédure collective) et ne reprendront pas d’elles-mêmes : depuis le jugement d’ouverture, votre client ne peut plus payer une dette antérieure (art. L622-7 du Code de commerce) et les poursuites individuelles sont arrêtées (art. L622-21).`,
      v.deadline
        ? `Pour être payé dans la procédure, déclarez votre créance au mandataire judiciaire (au liquidateur en cas de liquidation) au plus tard le ${v.deadline} : ${v.months} mois à compter de la publication du jugement d’ouverture au BODACC le ${v.publishedOn} (art. L622-24 et R622-24 du Code de commerce).`
        : `Pour être payé dans la procédure, déclarez votre créance au mandataire judiciaire (au liquidateur en cas de liquidation) dans les ${v.months} mois qui suivent la publication du jugement d’ouverture au BODACC (art. L622-24 et R622-24 du Code de commerce). Relance ne connaît pas cette date : retrouvez l’annonce sur bodacc.fr (nom ou SIREN du client), le délai court à compter de sa publication.`,
    ],
    factsTitle: 'Votre créance',
    facts: (v) => [
      ['Client', v.customer],
      ['Facture', `n°${v.number}`],
      ['Principal restant dû', v.balance],
      ['Publication au BODACC', v.publishedOn ?? 'non indiquée'],
      ['Date limite de déclaration', v.deadline ?? `${v.months} mois après la publication`],
    ],
    nextStepsTitle: 'Ce qu’il faut faire',
    nextSteps: (v) => [
      'Déclarez le principal et, pour un client professionnel, les pénalités et l’indemnité de recouvrement échues au jour du jugement d’ouverture, au mandataire désigné dans l’annonce BODACC (lettre recommandée ou portail électronique des mandataires judiciaires), avec une copie de la facture.',
      'Passé ce délai, la créance n’est pas payée dans la procédure, sauf relevé de forclusion demandé au juge-commissaire dans les six mois (art. L622-26 du Code de commerce).',
      `Si la procédure prend fin ou si le paiement arrive malgré tout : POST /invoices/${v.invoiceId}/resume, /payments ou /cancel.`,
    ],
  },
};

const en: AlertsCopy = {
  greeting: 'Hello,',
  undeliverable: {
    subject: (v) => `Email address to fix – invoice ${v.number} (${v.customer})`,
    heading: (v) => `Reminders for invoice ${v.number} no longer reach ${v.customer}`,
    intro: (v) => [
      `${v.stepName ? `The ${v.stepName}` : 'A message'} sent on ${v.date} to ${v.address} could not be delivered: ${enCauses[v.cause]}.`,
      'Relance no longer writes to this address: the next steps of this invoice, the formal notice included, do not go out (reason "undeliverable" in its schedule) until the address is fixed.',
    ],
    factsTitle: 'What happened',
    facts: (v) => [
      ['Customer', v.customer],
      ['Address', v.address],
      ['Date', v.date],
      ['Reason', enCauses[v.cause]],
    ],
    nextStepsTitle: 'How to fix it',
    nextSteps: (v) => [
      'Check with your customer which email address their invoices should go to.',
      `Give it to Relance: POST /invoices/${v.invoiceId}/contact with {"email": "…"}. Reminders then resume without a burst: the overdue step goes at the next send window, the following ones keep their usual gaps.`,
      v.cause === 'complaint'
        ? 'Your customer marked a message as spam: a phone call before writing again is wiser.'
        : `If the invoice is no longer due, record its payment or cancel it (POST /invoices/${v.invoiceId}/cancel).`,
      'You get only one message for this address.',
    ],
  },
  insolvency: {
    subject: (v) => `Insolvency proceedings: declare your claim – invoice ${v.number} (${v.customer})`,
    heading: (v) => `${v.customer} is in insolvency proceedings: declare your claim`,
    intro: (v) => [
      `Reminders for invoice ${v.number} are paused since ${v.pausedOn} (reason: insolvency proceedings) and will not resume by themselves: since the opening judgment your customer may no longer pay an earlier debt (art. L622-7 Code de commerce) and individual recovery actions are stayed (art. L622-21).`,
      v.deadline
        ? `To be paid in the proceedings, declare your claim to the mandataire judiciaire (the liquidator in a liquidation) by ${v.deadline} at the latest: ${v.months} months from the publication of the opening judgment in the BODACC on ${v.publishedOn} (art. L622-24 and R622-24 Code de commerce).`
        : `To be paid in the proceedings, declare your claim to the mandataire judiciaire (the liquidator in a liquidation) within ${v.months} months of the publication of the opening judgment in the BODACC (art. L622-24 and R622-24 Code de commerce). Relance does not know that date: look the notice up on bodacc.fr (customer name or SIREN); the deadline runs from its publication.`,
    ],
    factsTitle: 'Your claim',
    facts: (v) => [
      ['Customer', v.customer],
      ['Invoice', v.number],
      ['Principal still due', v.balance],
      ['BODACC publication', v.publishedOn ?? 'not given'],
      ['Declaration deadline', v.deadline ?? `${v.months} months after the publication`],
    ],
    nextStepsTitle: 'What to do',
    nextSteps: (v) => [
      'Declare the principal and, for a business customer, the penalties and the recovery indemnity due on the day of the opening judgment, to the mandataire named in the BODACC notice (registered letter or the mandataires’ online portal), with a copy of the invoice.',
      'After the deadline the claim is not paid in the proceedings, unless the juge-commissaire lifts the foreclosure on a request made within six months (art. L622-26 Code de commerce).',
      `If the proceedings end or the payment arrives anyway: POST /invoices/${v.invoiceId}/resume, /payments or /cancel.`,
    ],
  },
};

export const ALERTS_COPY: Readonly<Record<Locale, AlertsCopy>> = { fr, en };
