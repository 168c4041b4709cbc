import type { Locale } from '../../functions/core/money';
import type { UndeliverableCause } from '../../functions/core/undeliverable';

/**
 * The wording of the seller alerts (`templates/messages/seller_alert.mjml`): emails to the seller's
 * contact about one invoice that needs a person — the customer's address no longer receives mail, the
 * customer is in insolvency proceedings, the formal notice's letter is to be posted by hand, or the
 * claim is 90 days from its limitation date. Values arrive formatted for the seller's locale; copy
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

export interface LetterToPostValues {
  readonly customer: string;
  readonly number: string;
  readonly invoiceId: string;
  /** The day the formal notice went out by email. */
  readonly sentOn: string;
  readonly deadline: string | null;
  /** The customer's postal address on one line, or null when none is on file. */
  readonly address: string | null;
  /** A postal provider is configured but could not post the letter. */
  readonly providerFailed: boolean;
}

export interface LimitationValues {
  readonly customer: string;
  readonly number: string;
  readonly invoiceId: string;
  readonly balance: string;
  readonly limitationDate: string;
  readonly daysLeft: number;
  readonly consumer: boolean;
  /** Where the evidence bundle is downloaded (with the API key). */
  readonly evidenceUrl: string;
}

export interface AlertCopy<V> {
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
  readonly letter_to_post: AlertCopy<LetterToPostValues>;
  readonly limitation: AlertCopy<LimitationValues>;
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
  letter_to_post: {
    subject: (v) => `À poster en recommandé : mise en demeure de ${v.customer} – facture n°${v.number}`,
    heading: (v) => `La mise en demeure de la facture n°${v.number} est à poster`,
    intro: (v) => [
      `La mise en demeure est partie par e-mail le ${v.sentOn}, lettre jointe.${v.deadline ? ` Elle donne jusqu’au ${v.deadline} pour payer.` : ''}`,
      v.providerFailed
        ? 'Le prestataire de lettres recommandées n’a pas pu la poster : envoyez-la vous-même, elle est jointe à ce message.'
        : 'Relance ne poste pas de courrier pour vous : envoyez vous-même la lettre jointe à ce message.',
    ],
    factsTitle: 'La lettre',
    facts: (v) => [
      ['Destinataire', v.customer],
      ['Adresse postale', v.address ?? 'aucune adresse enregistrée : complétez-la avant de poster'],
      ['Envoyée par e-mail le', v.sentOn],
      ['Délai de paiement', v.deadline ?? '–'],
    ],
    nextStepsTitle: 'Ce qu’il faut faire',
    nextSteps: () => [
      'Imprimez la lettre jointe, signez-la et postez-la en lettre recommandée avec demande d’avis de réception, à l’adresse ci-dessus.',
      'Gardez la preuve de dépôt et l’avis de réception : avec le dossier de preuves, ce sont les pièces d’une requête en injonction de payer.',
      'N’écrivez pas de nouveau au client : les étapes suivantes partent d’elles-mêmes.',
    ],
  },
  limitation: {
    subject: (v) => `Prescription le ${v.limitationDate} : facture n°${v.number} (${v.customer})`,
    heading: (v) => `La facture n°${v.number} sera prescrite dans ${v.daysLeft} jours`,
    intro: (v) => [
      `Cette facture est toujours impayée. Après le ${v.limitationDate}, vous ne pourrez plus en demander le paiement en justice (${v.consumer ? 'deux ans contre un consommateur, art. L218-2 du Code de la consommation' : 'cinq ans entre professionnels, art. L110-4 du Code de commerce'}).`,
      'Une mise en demeure n’arrête pas ce délai : seule une demande en justice, une reconnaissance de la dette par le client ou une mesure d’exécution l’interrompt (art. 2240 à 2244 du Code civil).',
    ],
    factsTitle: 'Votre créance',
    facts: (v) => [
      ['Client', v.customer],
      ['Principal restant dû', v.balance],
      ['Date de prescription', v.limitationDate],
    ],
    nextStepsTitle: 'Ce qu’il faut faire',
    nextSteps: (v) => [
      'Déposez une requête en injonction de payer avant cette date, ou confiez le dossier à un commissaire de justice.',
      `Le dossier de preuves (facture, messages et leurs preuves de remise, lettres, décompte, chronologie) se télécharge avec votre clé d’API (en-tête x-api-key) : ${v.evidenceUrl}`,
      `Si vous renoncez à la créance, annulez la facture (POST /invoices/${v.invoiceId}/cancel). Vous ne recevrez qu’un message pour cette facture.`,
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
  letter_to_post: {
    subject: (v) => `To post by registered mail: formal notice to ${v.customer} – invoice ${v.number}`,
    heading: (v) => `The formal notice of invoice ${v.number} has to be posted`,
    intro: (v) => [
      `The formal notice went out by email on ${v.sentOn}, with the letter attached.${v.deadline ? ` It demands payment by ${v.deadline}.` : ''}`,
      v.providerFailed
        ? 'The registered-letter provider could not post it: please post it yourself, it is attached to this message.'
        : 'Relance does not post letters for you: please post the letter attached to this message yourself.',
    ],
    factsTitle: 'The letter',
    facts: (v) => [
      ['Recipient', v.customer],
      ['Postal address', v.address ?? 'no address on file: complete it before posting'],
      ['Emailed on', v.sentOn],
      ['Payment deadline', v.deadline ?? '–'],
    ],
    nextStepsTitle: 'What to do',
    nextSteps: () => [
      'Print the attached letter, sign it and post it by registered mail with acknowledgement of receipt to the address above.',
      'Keep the posting receipt and the acknowledgement of receipt: with the evidence bundle, they support an injonction de payer.',
      'Do not write to the customer again: the next steps go out by themselves.',
    ],
  },
  limitation: {
    subject: (v) => `Time-barred on ${v.limitationDate}: invoice ${v.number} (${v.customer})`,
    heading: (v) => `Invoice ${v.number} becomes time-barred in ${v.daysLeft} days`,
    intro: (v) => [
      `This invoice is still unpaid. After ${v.limitationDate} you can no longer claim it in court (${v.consumer ? 'two years against a consumer, art. L218-2 Code de la consommation' : 'five years between traders, art. L110-4 Code de commerce'}).`,
      'A formal notice does not stop this period: only a court claim, an acknowledgement of the debt by the customer or an enforcement measure interrupts it (art. 2240 to 2244 Code civil).',
    ],
    factsTitle: 'Your claim',
    facts: (v) => [
      ['Customer', v.customer],
      ['Principal still due', v.balance],
      ['Limitation date', v.limitationDate],
    ],
    nextStepsTitle: 'What to do',
    nextSteps: (v) => [
      'File an injonction de payer before that date, or hand the file to a commissaire de justice.',
      `The evidence bundle (invoice, messages with their proofs of delivery, letters, statement, chronology) is downloaded with your API key (header x-api-key): ${v.evidenceUrl}`,
      `If you give up the claim, cancel the invoice (POST /invoices/${v.invoiceId}/cancel). You get only one message for this invoice.`,
    ],
  },
};

export const ALERTS_COPY: Readonly<Record<Locale, AlertsCopy>> = { fr, en };
