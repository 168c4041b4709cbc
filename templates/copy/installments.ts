import { byTone, type CopyValues, type MessageCopy, paragraphs } from './types';

/**
 * The payment plan's reminder (`installment_reminder`), before an installment's date and, when it is
 * not covered, a few business days after it. A plan is an agreement the customer asked for: the tone
 * stays courteous even for bad payers, and no penalty is threatened while the plan holds; the customer
 * is told plainly what happens if an installment stays unpaid (the plan ends and the claim resumes).
 */

function plan(v: CopyValues) {
  const installment = v.installment;
  if (installment === null) throw new Error('An installment reminder needs its installment');
  return installment;
}

const fr: MessageCopy = {
  subject: (v) => {
    const i = plan(v);
    return i.after
      ? `Échéance n°${i.number} non reçue – facture n°${v.invoiceNumber} – ${i.outstanding}`
      : `Échéance n°${i.number} le ${i.date} – facture n°${v.invoiceNumber} – ${i.amount}`;
  },
  preheader: (v) => {
    const i = plan(v);
    return `Échéancier de la facture n°${v.invoiceNumber} : échéance ${i.number} sur ${i.count}, ${i.amount} au ${i.date}.`;
  },
  heading: (v) => (plan(v).after ? 'Votre échéance n’a pas été reçue' : 'Votre prochaine échéance'),
  greeting: (v) => `Bonjour ${v.customerName},`,
  intro: (v) => {
    const i = plan(v);
    if (!i.after) {
      return paragraphs(
        `Conformément à l’échéancier convenu pour la facture n°${v.invoiceNumber}, l’échéance n°${i.number} sur ${i.count}, d’un montant de ${i.amount}, est à régler le ${i.date}.`,
        byTone(v, {
          good: 'Merci de votre confiance : vous trouverez ci-dessous le détail de l’échéancier et les moyens de paiement.',
          standard: 'Vous trouverez ci-dessous le détail de l’échéancier et les moyens de paiement.',
          bad: 'Nous vous remercions de veiller à ce que ce règlement nous parvienne au plus tard à cette date.',
        }),
      );
    }
    return paragraphs(
      `Sauf erreur de notre part, l’échéance n°${i.number} de l’échéancier convenu pour la facture n°${v.invoiceNumber}, prévue le ${i.date}, ne nous est pas parvenue : ${i.outstanding} restent à régler à ce titre.`,
      byTone(v, {
        good: 'Il s’agit sans doute d’un simple décalage ; merci d’effectuer le règlement dès que possible.',
        standard: 'Nous vous remercions de procéder à ce règlement dans les meilleurs délais.',
        bad: 'Nous vous demandons de procéder à ce règlement sans attendre.',
      }),
      `Si cette échéance reste impayée ${i.breakDays} jours après sa date, l’échéancier prendra fin et le recouvrement de la totalité du solde (${v.balance}) reprendra.`,
    );
  },
  outro: () =>
    paragraphs(
      'Une difficulté avec cette échéance ? Répondez à ce message avant sa date : nous en parlerons.',
      'Si votre règlement est déjà en route, merci de ne pas tenir compte de ce message.',
    ),
  closing: () => [],
};

const en: MessageCopy = {
  subject: (v) => {
    const i = plan(v);
    return i.after
      ? `Installment ${i.number} not received – invoice ${v.invoiceNumber} – ${i.outstanding}`
      : `Installment ${i.number} due on ${i.date} – invoice ${v.invoiceNumber} – ${i.amount}`;
  },
  preheader: (v) => {
    const i = plan(v);
    return `Payment plan of invoice ${v.invoiceNumber}: installment ${i.number} of ${i.count}, ${i.amount} on ${i.date}.`;
  },
  heading: (v) => (plan(v).after ? 'Your installment has not been received' : 'Your next installment'),
  greeting: (v) => `Dear ${v.customerName},`,
  intro: (v) => {
    const i = plan(v);
    if (!i.after) {
      return paragraphs(
        `As agreed in the payment plan for invoice ${v.invoiceNumber}, installment ${i.number} of ${i.count}, for ${i.amount}, is due on ${i.date}.`,
        byTone(v, {
          good: 'Thank you for your trust: the plan and the ways to pay are below.',
          standard: 'The plan and the ways to pay are below.',
          bad: 'Please make sure the payment reaches us by that date at the latest.',
        }),
      );
    }
    return paragraphs(
      `Unless we are mistaken, installment ${i.number} of the payment plan agreed for invoice ${v.invoiceNumber}, due on ${i.date}, has not reached us: ${i.outstanding} of it remains to be paid.`,
      byTone(v, {
        good: 'This is probably a matter of timing; please make the payment as soon as you can.',
        standard: 'Please make this payment as soon as possible.',
        bad: 'Please make this payment without delay.',
      }),
      `If this installment is still unpaid ${i.breakDays} days after its date, the plan will end and collection of the whole balance (${v.balance}) will resume.`,
    );
  },
  outro: () =>
    paragraphs(
      'A problem with this installment? Reply to this message before its date and we will talk.',
      'If your payment is already on its way, please disregard this message.',
    ),
  closing: () => [],
};

export const INSTALLMENT_COPY = { fr, en } as const;
