import type { DisputeReason, ReplyAction } from '../../functions/core/replies';
import { REPLY_ACTION_NAMES } from './reply-actions';

/** Wording of the reply page (`GET /r/{token}`): the form, its confirmations and its errors. */
export interface ReplyPageCopy {
  readonly title: (invoiceNumber: string, sellerName: string) => string;
  readonly heading: (invoiceNumber: string) => string;
  readonly intro: (sellerName: string) => string;
  readonly actionsTitle: string;
  readonly optional: string;
  readonly actions: {
    readonly paid: {
      readonly title: string;
      readonly help: string;
      readonly paidOn: string;
      readonly reference: string;
      readonly submit: string;
    };
    readonly promise: {
      readonly title: string;
      readonly help: (latest: string) => string;
      readonly promisedOn: string;
      readonly submit: string;
    };
    readonly dispute: {
      readonly title: string;
      readonly help: string;
      readonly reason: string;
      readonly message: string;
      readonly submit: string;
    };
    readonly plan: {
      readonly title: string;
      readonly help: string;
      readonly installments: string;
      readonly option: (count: number) => string;
      readonly submit: string;
    };
    readonly question: {
      readonly title: string;
      readonly help: string;
      readonly message: string;
      readonly submit: string;
    };
  };
  readonly reasons: Readonly<Record<DisputeReason, string>>;
  readonly confirmations: {
    readonly paid: (until: string) => string;
    readonly promise: (promisedOn: string) => string;
    readonly dispute: string;
    readonly plan: (installments: number) => string;
    readonly question: string;
    /** When the answer changed nothing visible (reminders were already on hold). */
    readonly received: string;
  };
  readonly confirmationTitle: string;
  readonly alreadyAnswered: (date: string) => string;
  readonly answeredTitle: string;
  readonly answered: (action: ReplyAction, date: string) => string;
  readonly paidInvoice: string;
  readonly cancelledInvoice: string;
  readonly errorTitle: string;
  readonly errorSummary: string;
  readonly fieldErrors: {
    readonly paidOn: string;
    readonly reference: string;
    readonly promisedOn: (latest: string) => string;
    readonly reason: string;
    readonly message: string;
    readonly questionMessage: string;
    readonly installments: string;
    readonly action: string;
  };
  readonly contact: string;
  readonly backToForm: string;
}

const frReasons: Record<DisputeReason, string> = {
  not_received: 'Je n’ai pas reçu la commande ou la prestation',
  defective: 'La livraison ou la prestation est défectueuse',
  wrong_amount: 'Le montant facturé est erroné',
  already_paid: 'J’ai déjà payé cette facture',
  other: 'Autre motif',
};

const enReasons: Record<DisputeReason, string> = {
  not_received: 'I did not receive the goods or the service',
  defective: 'The goods or the service were defective',
  wrong_amount: 'The amount invoiced is wrong',
  already_paid: 'I have already paid this invoice',
  other: 'Another reason',
};

const frActionNames = REPLY_ACTION_NAMES.fr;
const enActionNames = REPLY_ACTION_NAMES.en;

export const replyPageFr: ReplyPageCopy = {
  title: (number, seller) => `Facture n°${number} – ${seller}`,
  heading: (number) => `Votre réponse au sujet de la facture n°${number}`,
  intro: (seller) =>
    `${seller} vous a écrit au sujet de cette facture. Choisissez la réponse qui correspond à votre situation : elle est transmise à son service comptabilité.`,
  actionsTitle: 'Que souhaitez-vous nous dire ?',
  optional: 'facultatif',
  actions: {
    paid: {
      title: 'J’ai déjà payé',
      help: 'Indiquez si possible la date et la référence de votre paiement : nous suspendons les relances le temps de le retrouver.',
      paidOn: 'Date du paiement',
      reference: 'Référence du virement ou du chèque',
      submit: 'Signaler mon paiement',
    },
    promise: {
      title: 'Je paierai à une date précise',
      help: (latest) =>
        `Choisissez une date au plus tard le ${latest} : aucune relance ne vous sera envoyée d’ici là.`,
      promisedOn: 'Date à laquelle vous paierez',
      submit: 'Envoyer ma date de paiement',
    },
    dispute: {
      title: 'Je conteste cette facture',
      help: 'Les relances sont suspendues jusqu’à ce que notre équipe ait examiné votre demande.',
      reason: 'Motif',
      message: 'Précisions, 2 000 caractères au plus',
      submit: 'Envoyer ma contestation',
    },
    plan: {
      title: 'Je souhaite payer en plusieurs fois',
      help: 'Indiquez en combien de versements vous souhaitez régler : notre équipe reviendra vers vous pour convenir d’un échéancier. Les relances sont suspendues en attendant.',
      installments: 'Nombre de versements',
      option: (count) => `${count} versements`,
      submit: 'Demander un échéancier',
    },
    question: {
      title: 'J’ai une question',
      help: 'Votre message est transmis à notre service comptabilité, qui vous répondra par e-mail.',
      message: 'Votre question (2 000 caractères au plus)',
      submit: 'Envoyer ma question',
    },
  },
  reasons: frReasons,
  confirmationTitle: 'Réponse bien reçue',
  confirmations: {
    paid: (until) =>
      `Merci. Nous avons noté votre paiement. Les relances sont suspendues jusqu’au ${until}, le temps de le rapprocher de nos comptes.`,
    promise: (promisedOn) =>
      `Merci. Nous avons noté que vous réglerez cette facture le ${promisedOn}. Aucune relance ne vous sera envoyée d’ici là.`,
    dispute:
      'Votre contestation a bien été transmise. Les relances sont suspendues jusqu’à ce que notre équipe l’ait examinée ; elle reviendra vers vous.',
    plan: (count) =>
      `Votre demande de paiement en ${count} versements a bien été transmise. Les relances sont suspendues ; notre équipe reviendra vers vous pour convenir d’un échéancier.`,
    question:
      'Votre question a bien été transmise à notre service comptabilité, qui vous répondra par e-mail.',
    received: 'Merci, votre réponse a bien été transmise à notre service comptabilité.',
  },
  alreadyAnswered: (date) =>
    `Vous avez déjà envoyé cette réponse le ${date}. Nous l’avions bien reçue : elle n’est pas enregistrée une seconde fois.`,
  answeredTitle: 'Vos réponses',
  answered: (action, date) => `${capitalize(frActionNames[action])}, envoyée le ${date}.`,
  paidInvoice: 'Cette facture est réglée. Merci, vous n’avez plus rien à faire.',
  cancelledInvoice: 'Cette facture a été annulée : vous n’avez rien à régler.',
  errorTitle: 'Réponse non envoyée',
  errorSummary: 'Votre réponse n’a pas pu être envoyée. Vérifiez le champ indiqué ci-dessous.',
  fieldErrors: {
    paidOn: 'Indiquez une date valide, au plus tard aujourd’hui.',
    reference: 'La référence tient sur une ligne, 100 caractères au plus.',
    promisedOn: (latest) => `Choisissez une date entre aujourd’hui et le ${latest}.`,
    reason: 'Choisissez un motif.',
    message: 'Le message doit faire 2 000 caractères au plus.',
    questionMessage: 'Écrivez votre question (2 000 caractères au plus).',
    installments: 'Choisissez entre 2 et 6 versements.',
    action: 'Choisissez une des réponses proposées.',
  },
  contact: 'Contact',
  backToForm: 'Revenir aux réponses possibles',
};

export const replyPageEn: ReplyPageCopy = {
  title: (number, seller) => `Invoice ${number} – ${seller}`,
  heading: (number) => `Your answer about invoice ${number}`,
  intro: (seller) =>
    `${seller} wrote to you about this invoice. Choose the answer that fits your situation: it goes to their accounts team.`,
  actionsTitle: 'What would you like to tell us?',
  optional: 'optional',
  actions: {
    paid: {
      title: 'I have already paid',
      help: 'If you can, give the date and reference of your payment: we pause the reminders while we match it.',
      paidOn: 'Payment date',
      reference: 'Transfer or cheque reference',
      submit: 'Report my payment',
    },
    promise: {
      title: 'I will pay on a given date',
      help: (latest) => `Choose a date no later than ${latest}: you will receive no reminder until then.`,
      promisedOn: 'Date you will pay',
      submit: 'Send my payment date',
    },
    dispute: {
      title: 'I dispute this invoice',
      help: 'Reminders are paused until our team has looked into your request.',
      reason: 'Reason',
      message: 'Details, at most 2,000 characters',
      submit: 'Send my dispute',
    },
    plan: {
      title: 'I would like to pay in instalments',
      help: 'Tell us how many instalments you would like: our team will get back to you to agree on a plan. Reminders are paused meanwhile.',
      installments: 'Number of instalments',
      option: (count) => `${count} instalments`,
      submit: 'Ask for a payment plan',
    },
    question: {
      title: 'I have a question',
      help: 'Your message goes to our accounts team, who will answer you by email.',
      message: 'Your question (at most 2,000 characters)',
      submit: 'Send my question',
    },
  },
  reasons: enReasons,
  confirmationTitle: 'Answer received',
  confirmations: {
    paid: (until) =>
      `Thank you. We have noted your payment. Reminders are paused until ${until} while we match it with our accounts.`,
    promise: (promisedOn) =>
      `Thank you. We have noted that you will pay this invoice on ${promisedOn}. You will receive no reminder until then.`,
    dispute:
      'Your dispute has been passed on. Reminders are paused until our team has looked into it; they will get back to you.',
    plan: (count) =>
      `Your request to pay in ${count} instalments has been passed on. Reminders are paused; our team will get back to you to agree on a plan.`,
    question: 'Your question has been passed on to our accounts team, who will answer you by email.',
    received: 'Thank you, your answer has been passed on to our accounts team.',
  },
  alreadyAnswered: (date) =>
    `You already sent this answer on ${date}. We received it then: it has not been recorded a second time.`,
  answeredTitle: 'Your answers',
  answered: (action, date) => `${capitalize(enActionNames[action])}, sent on ${date}.`,
  paidInvoice: 'This invoice is paid. Thank you, there is nothing left to do.',
  cancelledInvoice: 'This invoice has been cancelled: you have nothing to pay.',
  errorTitle: 'Answer not sent',
  errorSummary: 'Your answer could not be sent. Please check the field shown below.',
  fieldErrors: {
    paidOn: 'Enter a valid date, today at the latest.',
    reference: 'The reference fits on one line, at most 100 characters.',
    promisedOn: (latest) => `Choose a date between today and ${latest}.`,
    reason: 'Choose a reason.',
    message: 'The message must be at most 2,000 characters.',
    questionMessage: 'Write your question (at most 2,000 characters).',
    installments: 'Choose between 2 and 6 instalments.',
    action: 'Choose one of the answers offered.',
  },
  contact: 'Contact',
  backToForm: 'Back to the possible answers',
};

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
