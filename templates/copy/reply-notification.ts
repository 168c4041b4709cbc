import type { ReplyAction } from '../../functions/core/replies';
import { REPLY_ACTION_NAMES } from './reply-actions';

/** Wording of the email that tells the seller's contact what the customer answered. */
export interface ReplyNotificationCopy {
  readonly subject: (customer: string, invoiceNumber: string, action: ReplyAction) => string;
  readonly heading: (
    customer: string,
    invoiceNumber: string,
    action: ReplyAction,
    installments: number,
  ) => string;
  readonly greeting: string;
  readonly intro: (date: string, stepName: string) => string;
  readonly answerTitle: string;
  readonly fields: {
    readonly action: string;
    readonly paidOn: string;
    readonly reference: string;
    readonly promisedOn: string;
    readonly reason: string;
    readonly installments: string;
    readonly customer: string;
    readonly email: string;
  };
  readonly actionNames: Readonly<Record<ReplyAction, string>>;
  readonly messageTitle: string;
  readonly nextStepsTitle: string;
  readonly nextSteps: (action: ReplyAction, until: string | null, customerEmail: string) => readonly string[];
}

const frActionNames = REPLY_ACTION_NAMES.fr;
const enActionNames = REPLY_ACTION_NAMES.en;

export const replyNotificationFr: ReplyNotificationCopy = {
  subject: (customer, number, action) =>
    `Réponse de ${customer} – facture n°${number} : ${frActionNames[action]}`,
  heading: (customer, number, action, installments) => {
    switch (action) {
      case 'paid':
        return `${customer} indique avoir réglé la facture n°${number}`;
      case 'promise':
        return `${customer} s’engage à régler la facture n°${number}`;
      case 'dispute':
        return `${customer} conteste la facture n°${number}`;
      case 'plan':
        return `${customer} demande à régler la facture n°${number} en ${installments} versements`;
      case 'question':
        return `${customer} pose une question sur la facture n°${number}`;
    }
  },
  greeting: 'Bonjour,',
  intro: (date, stepName) =>
    `Votre client a répondu le ${date} depuis le lien du message « ${stepName} ». Voici sa réponse et ce que Relance a fait.`,
  answerTitle: 'Réponse du client',
  fields: {
    action: 'Réponse',
    paidOn: 'Date du paiement indiquée',
    reference: 'Référence indiquée',
    promisedOn: 'Date de paiement promise',
    reason: 'Motif',
    installments: 'Versements souhaités',
    customer: 'Client',
    email: 'E-mail',
  },
  actionNames: frActionNames,
  messageTitle: 'Message du client',
  nextStepsTitle: 'Ce qui se passe maintenant',
  nextSteps: (action, until, email) => {
    switch (action) {
      case 'paid':
        return [
          `Les relances sont suspendues jusqu’au ${until}. Vérifiez vos encaissements : dès que le paiement est enregistré, la facture est soldée et le client remercié.`,
          'Si aucun paiement n’arrive d’ici là, les relances reprennent d’elles-mêmes, sans envoi groupé.',
        ];
      case 'promise':
        return [
          `Les relances sont suspendues et reprendront d’elles-mêmes le ${until} si la facture n’est pas réglée.`,
        ];
      case 'dispute':
        return [
          'Les relances sont suspendues sans date de reprise : examinez la contestation avec le client.',
          'Ensuite, reprenez les relances (POST /invoices/{invoiceId}/resume) ou émettez un avoir et annulez la facture (POST /invoices/{invoiceId}/cancel).',
          `Pour répondre au client, répondez simplement à cet e-mail : il part à ${email}.`,
        ];
      case 'plan':
        return [
          'Les relances sont suspendues en attendant votre décision.',
          'Si vous acceptez, convenez des dates avec le client et enregistrez l’échéancier ; sinon, reprenez les relances (POST /invoices/{invoiceId}/resume).',
          `Pour répondre au client, répondez simplement à cet e-mail : il part à ${email}.`,
        ];
      case 'question':
        return [
          'Les relances continuent normalement.',
          `Pour répondre au client, répondez simplement à cet e-mail : il part à ${email}.`,
        ];
    }
  },
};

export const replyNotificationEn: ReplyNotificationCopy = {
  subject: (customer, number, action) =>
    `Answer from ${customer} – invoice ${number}: ${enActionNames[action]}`,
  heading: (customer, number, action, installments) => {
    switch (action) {
      case 'paid':
        return `${customer} says invoice ${number} is paid`;
      case 'promise':
        return `${customer} promises to pay invoice ${number}`;
      case 'dispute':
        return `${customer} disputes invoice ${number}`;
      case 'plan':
        return `${customer} asks to pay invoice ${number} in ${installments} instalments`;
      case 'question':
        return `${customer} has a question about invoice ${number}`;
    }
  },
  greeting: 'Hello,',
  intro: (date, stepName) =>
    `Your customer answered on ${date} from the link in the “${stepName}” message. Here is their answer and what Relance did.`,
  answerTitle: 'Customer’s answer',
  fields: {
    action: 'Answer',
    paidOn: 'Payment date given',
    reference: 'Reference given',
    promisedOn: 'Promised payment date',
    reason: 'Reason',
    installments: 'Instalments asked for',
    customer: 'Customer',
    email: 'Email',
  },
  actionNames: enActionNames,
  messageTitle: 'Customer’s message',
  nextStepsTitle: 'What happens now',
  nextSteps: (action, until, email) => {
    switch (action) {
      case 'paid':
        return [
          `Reminders are paused until ${until}. Check your receipts: once the payment is recorded, the invoice is settled and the customer thanked.`,
          'If no payment arrives by then, reminders resume on their own, without a burst.',
        ];
      case 'promise':
        return [`Reminders are paused and resume on their own on ${until} if the invoice is still unpaid.`];
      case 'dispute':
        return [
          'Reminders are paused with no end date: look into the dispute with the customer.',
          'Then resume the reminders (POST /invoices/{invoiceId}/resume) or issue a credit note and cancel the invoice (POST /invoices/{invoiceId}/cancel).',
          `To answer the customer, simply reply to this email: it goes to ${email}.`,
        ];
      case 'plan':
        return [
          'Reminders are paused until you decide.',
          'If you agree, settle the dates with the customer and record the plan; otherwise resume the reminders (POST /invoices/{invoiceId}/resume).',
          `To answer the customer, simply reply to this email: it goes to ${email}.`,
        ];
      case 'question':
        return [
          'Reminders carry on as planned.',
          `To answer the customer, simply reply to this email: it goes to ${email}.`,
        ];
    }
  },
};
