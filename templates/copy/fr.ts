import { INSTALLMENT_COPY } from './installments';
import { byTone, type CopyValues, type LocaleCopy, paragraphs } from './types';

/** "1 jour", "15 jours". */
function days(count: number): string {
  return `${count} ${Math.abs(count) > 1 ? 'jours' : 'jour'}`;
}

function invoiceRef(v: CopyValues): string {
  return `la facture n°${v.invoiceNumber} du ${v.issueDate}, d’un montant de ${v.total}`;
}

/** Said whenever part of the invoice is already paid, so the customer sees what is left. */
function partialPayment(v: CopyValues): string | false {
  return (
    v.partiallyPaid &&
    `Nous avons bien reçu ${v.paid} à ce titre ; le montant restant à régler est de ${v.balance}.`
  );
}

/** "les 734,56 € restants" after a partial payment, "la somme de 1 234,56 €" otherwise. */
function amountLeft(v: CopyValues): string {
  return v.partiallyPaid ? `les ${v.balance} restants` : `la somme de ${v.balance}`;
}

function alreadyPaid(v: CopyValues): string {
  return byTone(v, {
    good: 'Si votre règlement est déjà en route, merci de ne pas tenir compte de ce message.',
    standard: 'Si vous avez réglé cette facture entre-temps, ce message est sans objet.',
    bad: 'Si le règlement a été effectué entre-temps, merci de ne pas tenir compte de ce message.',
  });
}

function greeting(v: CopyValues): string {
  return `Bonjour ${v.customerName},`;
}

/** The penalty rate and where it comes from: the terms of sale, or the statute when they set none. */
function rateTerms(v: CopyValues): string {
  return v.statutoryRate
    ? `au taux de ${v.rate} l’an (taux de refinancement de la Banque centrale européenne majoré de 10 points)`
    : `au taux annuel de ${v.rate} prévu par nos conditions générales de vente`;
}

/** Business customers only: the legal cost of paying late (art. L441-10 and D441-5 Code de commerce). */
function lateCosts(v: CopyValues): string | false {
  if (!v.penaltiesApply) return false;
  const indemnity = v.indemnityApplies
    ? ` ainsi qu’une indemnité forfaitaire pour frais de recouvrement de ${v.indemnity}`
    : '';
  return `Conformément à l’article L441-10 du Code de commerce, tout retard de paiement fait courir de plein droit des pénalités ${rateTerms(v)}${indemnity}.`;
}

/** Consumers: a formal notice makes interest at the legal rate run (art. 1231-6 and 1344-1 Code civil). */
function legalInterestNotice(v: CopyValues): string | false {
  return (
    !v.business &&
    'À compter du lendemain de la présente mise en demeure, la somme due porte intérêts au taux légal jusqu’à son complet paiement (articles 1231-6 et 1344-1 du Code civil).'
  );
}

export const fr: LocaleCopy = {
  labels: {
    colon: ' : ',
    summaryTitle: 'Votre facture',
    invoiceNumber: 'Facture n°',
    purchaseOrder: 'Votre commande',
    issueDate: 'Date d’émission',
    dueDate: 'Date d’échéance',
    invoiceTotal: 'Montant de la facture',
    alreadyPaid: 'Déjà réglé',
    amountDue: 'Montant dû',
    amountReceived: 'Montant reçu',
    statementTitle: (asOf) => `Décompte au ${asOf}`,
    principal: 'Principal restant dû',
    penalties: (rate, count) => `Pénalités de retard (${rate} l’an, ${count})`,
    indemnity: 'Indemnité forfaitaire pour frais de recouvrement',
    legalInterest: 'Intérêts au taux légal depuis la mise en demeure',
    totalDue: 'Total dû',
    paymentTitle: 'Comment régler',
    payOnline: 'Payer en ligne',
    transferIntro: 'Par virement bancaire, en indiquant la référence ci-dessous :',
    accountHolder: 'Bénéficiaire',
    iban: 'IBAN',
    bic: 'BIC',
    transferReference: 'Référence',
    siren: 'SIREN',
    vatNumber: 'N° TVA intracommunautaire',
    signOff: 'Cordialement,',
    signatureTeam: (sellerName) => `Service comptabilité – ${sellerName}`,
    phone: 'Tél.',
    days,
    installment: (number, count, date) => `Échéance ${number} / ${count} – ${date}`,
    installmentStates: { due: 'à venir', paid: 'réglée', late: 'en retard' },
    internalFooter: (sellerLegalName) => `Message interne envoyé par Relance pour ${sellerLegalName}.`,
    withShareCapital: (name, capital) => `${name} au capital de ${capital}`,
  },

  courtesy_reminder: {
    subject: (v) => `Échéance le ${v.dueDate} : facture n°${v.invoiceNumber} – montant ${v.balance}`,
    preheader: (v) => `La facture n°${v.invoiceNumber} arrive à échéance le ${v.dueDate}.`,
    heading: (v) =>
      byTone(v, {
        good: 'Votre facture arrive bientôt à échéance',
        standard: 'Échéance prochaine de votre facture',
        bad: 'Échéance prochaine de votre facture',
      }),
    greeting,
    intro: (v) =>
      byTone(v, {
        good: paragraphs(
          `Pour vous aider à organiser vos prochains règlements, nous vous signalons que ${invoiceRef(v)}, arrive à échéance le ${v.dueDate}.`,
          partialPayment(v),
          'Vous la trouverez en pièce jointe, avec ci-dessous tout ce qu’il faut pour la régler.',
        ),
        standard: paragraphs(
          `Nous vous informons que ${invoiceRef(v)}, arrive à échéance le ${v.dueDate}. Elle est jointe à ce message.`,
          partialPayment(v),
          'Nous vous remercions de prévoir son règlement d’ici cette date, selon les modalités rappelées ci-dessous.',
        ),
        bad: paragraphs(
          `${capitalize(invoiceRef(v))}, arrive à échéance le ${v.dueDate}. Elle est jointe à ce message.`,
          partialPayment(v),
          'Nous vous remercions de faire le nécessaire pour que le règlement nous parvienne au plus tard à cette date.',
          lateCosts(v),
        ),
      }),
    outro: (v) =>
      paragraphs(
        byTone(v, {
          good: 'Une question sur cette facture ? Il suffit de répondre à ce message.',
          standard: 'Pour toute question relative à cette facture, il vous suffit de répondre à ce message.',
          bad: 'Pour toute question relative à cette facture, répondez à ce message avant la date d’échéance.',
        }),
        alreadyPaid(v),
      ),
    closing: () => [],
  },

  first_reminder: {
    subject: (v) =>
      byTone(v, {
        good: `Facture n°${v.invoiceNumber} en attente de règlement – montant ${v.balance}`,
        standard: `Relance pour facture impayée n°${v.invoiceNumber} – montant ${v.balance}`,
        bad: `Relance pour facture impayée n°${v.invoiceNumber} – montant ${v.balance}`,
      }),
    preheader: (v) => `La facture n°${v.invoiceNumber}, échue le ${v.dueDate}, reste à régler.`,
    heading: (v) =>
      byTone(v, {
        good: 'Un petit rappel concernant votre facture',
        standard: 'Relance : facture impayée',
        bad: 'Relance : facture impayée',
      }),
    greeting,
    intro: (v) =>
      byTone(v, {
        good: paragraphs(
          `Sauf erreur de notre part, nous n’avons pas encore reçu le règlement de ${invoiceRef(v)}, arrivée à échéance le ${v.dueDate}.`,
          partialPayment(v),
          'Il s’agit sans doute d’un simple oubli : vous trouverez une copie de la facture en pièce jointe pour faciliter son traitement.',
        ),
        standard: paragraphs(
          `Sauf erreur ou omission de notre part, ${invoiceRef(v)}, échue depuis le ${v.dueDate}, reste impayée à ce jour.`,
          partialPayment(v),
          'Il s’agit peut-être d’un oubli. Vous trouverez la facture en pièce jointe ; nous vous remercions de bien vouloir procéder à son règlement dans les meilleurs délais.',
        ),
        bad: paragraphs(
          `À ce jour, nous n’avons pas reçu le règlement de ${invoiceRef(v)}, échue le ${v.dueDate}, soit ${days(v.daysLate)} de retard.`,
          partialPayment(v),
          'Nous vous demandons de procéder à son règlement sans attendre. La facture est jointe à ce message.',
          v.penaltiesApply &&
            `Ce retard fait courir, depuis le ${v.dayAfterDue}, des pénalités ${rateTerms(v)}${v.indemnityApplies ? `, et rend exigible l’indemnité forfaitaire pour frais de recouvrement de ${v.indemnity} (article L441-10 du Code de commerce)` : ''}.`,
        ),
      }),
    outro: (v) =>
      paragraphs(
        byTone(v, {
          good: 'Si quelque chose ne vous semble pas correct sur cette facture, ou si un échelonnement du paiement vous aiderait, dites-le-nous simplement en répondant à ce message : nous trouverons une solution ensemble.',
          standard:
            'Si cette facture appelle une contestation de votre part, ou si vous souhaitez convenir d’un échéancier de paiement, merci de nous le faire savoir en répondant à ce message.',
          bad: 'En cas de désaccord sur cette facture ou de difficulté de paiement, contactez-nous sans attendre en répondant à ce message.',
        }),
        alreadyPaid(v),
      ),
    closing: () => [],
  },

  second_reminder: {
    subject: (v) => `Deuxième relance pour facture impayée n°${v.invoiceNumber} – montant ${v.balance}`,
    preheader: (v) => `Malgré notre première relance, la facture n°${v.invoiceNumber} reste impayée.`,
    heading: () => 'Deuxième relance : facture impayée',
    greeting,
    intro: (v) =>
      paragraphs(
        v.firstReminderDate
          ? `Le ${v.firstReminderDate}, nous vous avons adressé une première relance concernant ${invoiceRef(v)}, échue le ${v.dueDate}.`
          : `Nous vous avons déjà adressé une première relance concernant ${invoiceRef(v)}, échue le ${v.dueDate}.`,
        v.partiallyPaid
          ? `Nous avons bien reçu ${v.paid} à ce titre, mais le solde de ${v.balance} reste impayé à ce jour, ${days(v.daysLate)} après l’échéance.`
          : `Sauf erreur de notre part, elle reste impayée à ce jour, ${days(v.daysLate)} après l’échéance.`,
        byTone(v, {
          good: `Un imprévu peut arriver à chacun ; nous vous remercions de bien vouloir régler ${amountLeft(v)} dans les prochains jours.`,
          standard: `Nous vous demandons de bien vouloir régler ${amountLeft(v)} dans les plus brefs délais.`,
          bad: `Nous vous demandons de régler ${amountLeft(v)} dès réception de ce message.`,
        }),
        v.penaltiesApply &&
          `Conformément à l’article L441-10 du Code de commerce, ce retard fait courir des pénalités ${rateTerms(v)} depuis le ${v.dayAfterDue}, soit ${v.penalties} à ce jour${v.indemnityApplies ? `, et rend exigible une indemnité forfaitaire pour frais de recouvrement de ${v.indemnity}` : ''}. Le décompte figure ci-dessous.`,
      ),
    outro: (v) =>
      paragraphs(
        byTone(v, {
          good: 'Sans règlement de votre part, nous serions contraints de vous adresser une mise en demeure, étape préalable à une procédure de recouvrement ; nous préférerions vraiment l’éviter.',
          standard:
            'À défaut de règlement, nous serons contraints de vous adresser une mise en demeure, préalable à une procédure de recouvrement.',
          bad: v.business
            ? 'À défaut de règlement rapide, nous vous adresserons une mise en demeure, puis engagerons une procédure de recouvrement dont les frais pourront être mis à votre charge.'
            : 'À défaut de règlement rapide, nous vous adresserons une mise en demeure, puis engagerons une procédure de recouvrement.',
        }),
        'Si vous contestez tout ou partie de cette facture, ou si vous souhaitez proposer un échéancier, répondez à ce message sans tarder.',
        alreadyPaid(v),
      ),
    closing: () => [],
  },

  formal_notice: {
    subject: (v) => `Mise en demeure de payer – facture n°${v.invoiceNumber} – montant ${v.totalDue}`,
    preheader: (v) => `Mise en demeure de payer ${v.totalDue} au plus tard le ${v.deadline}.`,
    heading: () => 'Mise en demeure de payer',
    greeting: () => 'Madame, Monsieur,',
    intro: (v) =>
      paragraphs(
        v.firstReminderDate && v.secondReminderDate
          ? `Malgré nos relances du ${v.firstReminderDate} et du ${v.secondReminderDate}, ${invoiceRef(v)}, échue le ${v.dueDate}, demeure impayée.`
          : `Malgré nos relances, ${invoiceRef(v)}, échue le ${v.dueDate}, demeure impayée.`,
        partialPayment(v),
        `Par le présent message, nous vous adressons une mise en demeure de payer la somme de ${v.totalDue} au plus tard le ${v.deadline}.`,
        v.penaltiesApply &&
          `Cette somme comprend le principal restant dû, les pénalités de retard calculées ${rateTerms(v)} jusqu’au ${v.asOf}${v.indemnityApplies ? ` et l’indemnité forfaitaire pour frais de recouvrement de ${v.indemnity}` : ''} (article L441-10 du Code de commerce). Les pénalités continuent de courir jusqu’au complet paiement.`,
        legalInterestNotice(v),
      ),
    outro: (v) =>
      paragraphs(
        v.business
          ? `À défaut de paiement intégral au ${v.deadline}, nous engagerons sans autre avis une procédure de recouvrement judiciaire, notamment une requête en injonction de payer, dont les frais pourront être mis à votre charge.`
          : `À défaut de paiement intégral au ${v.deadline}, nous engagerons sans autre avis une procédure de recouvrement judiciaire, notamment une requête en injonction de payer.`,
        'Vous trouverez en pièces jointes la lettre de mise en demeure et une copie de la facture.',
        'Si vous avez réglé cette somme entre-temps, ou si vous contestez cette créance, faites-le-nous savoir immédiatement en répondant à ce message.',
      ),
    closing: () => ['Veuillez agréer, Madame, Monsieur, nos salutations distinguées.'],
  },

  installment_reminder: INSTALLMENT_COPY.fr,

  thank_you: {
    subject: (v) => `Merci pour votre règlement – facture n°${v.invoiceNumber}`,
    preheader: (v) => `Nous avons bien reçu ${v.amountReceived} pour la facture n°${v.invoiceNumber}.`,
    heading: () => 'Merci pour votre règlement',
    greeting,
    intro: (v) =>
      paragraphs(
        v.paymentCount > 1
          ? `Nous avons bien reçu vos règlements pour la facture n°${v.invoiceNumber} du ${v.issueDate}, soit ${v.amountReceived} au total, le dernier le ${v.lastPaymentDate}. ${settledText(v)}`
          : `Nous avons bien reçu${v.lastPaymentDate ? ` le ${v.lastPaymentDate}` : ''} votre règlement de ${v.amountReceived} pour la facture n°${v.invoiceNumber} du ${v.issueDate}. ${settledText(v)}`,
        v.extrasClaimed &&
          `Restent dus au titre du retard de paiement ${v.extrasDue}, détaillés ci-dessous${v.business ? ' (article L441-10 du Code de commerce)' : ''}. Nous vous remercions de régler ce montant selon les modalités indiquées.`,
        !v.extrasClaimed &&
          v.overpaid &&
          `Vous nous avez versé ${v.overpaid} de plus que le montant de la facture : nous revenons vers vous pour vous le rembourser ou l’imputer sur une prochaine facture, selon votre préférence.`,
        byTone(v, {
          good: 'Merci pour votre confiance et votre fidélité : c’est toujours un plaisir de travailler avec vous.',
          standard: 'Nous vous remercions de votre confiance et restons à votre disposition.',
          bad: 'Nous vous remercions d’avoir régularisé la situation et restons à votre disposition pour la suite de notre collaboration.',
        }),
      ),
    outro: () => [],
    closing: () => [],
  },

  escalation: {
    subject: (v) =>
      `Dossier à reprendre : facture n°${v.invoiceNumber} – ${v.customerCompany ?? v.customerName} – ${v.totalDue} dus`,
    preheader: (v) =>
      `La relance automatique de la facture n°${v.invoiceNumber} est terminée sans paiement complet.`,
    heading: () => 'Dossier transmis au service financier',
    greeting: () => 'Bonjour,',
    intro: (v) =>
      paragraphs(
        `La relance automatique de la facture n°${v.invoiceNumber} (${v.customerCompany ?? v.customerName}) est terminée sans paiement complet${v.formalNoticeDate ? ` : la mise en demeure a été envoyée le ${v.formalNoticeDate}` : ''}${v.deadline ? ` et le délai de paiement accordé ${v.deadlinePassed ? 'a expiré' : 'expire'} le ${v.deadline}` : ''}.`,
        `Au ${v.asOf}, ${v.totalDue} restent dus, ${days(v.daysLate)} après l’échéance. Relance n’enverra plus de message au client pour cette facture : le dossier est entre vos mains.`,
      ),
    outro: () => [],
    closing: () => [],
    invoiceTitle: 'Facture',
    purchaseOrder: 'Commande du client',
    customerTitle: 'Client',
    timelineTitle: 'Messages envoyés',
    timelineEmpty: 'Aucun message envoyé.',
    paymentsTitle: 'Paiements reçus',
    paymentsEmpty: 'Aucun paiement reçu.',
    nextStepsTitle: 'Prochaines étapes',
    nextSteps: (v) =>
      paragraphs(
        'Appeler le client pour obtenir un engagement de paiement daté, ou comprendre un éventuel litige.',
        `En cas de litige ou d’accord sur un échéancier, suspendre le dossier (POST /invoices/${v.invoiceId}/pause) pour que rien ne parte pendant la discussion.`,
        v.business
          ? 'À défaut d’accord, déposer une requête en injonction de payer auprès du tribunal de commerce, ou confier le dossier à un commissaire de justice ou à une société de recouvrement.'
          : 'À défaut d’accord, déposer une requête en injonction de payer auprès du tribunal judiciaire, ou confier le dossier à un commissaire de justice. Client particulier : les frais de recouvrement amiable restent à votre charge et ne peuvent pas lui être réclamés (article L111-8 du Code des procédures civiles d’exécution).',
        'Les messages envoyés sont archivés tels qu’envoyés (HTML, texte, destinataires, empreintes des pièces jointes) : ce sont vos preuves des démarches amiables.',
        `Le dossier de preuves pour le tribunal ou l’agence de recouvrement (archive ZIP : facture, messages tels qu’envoyés avec leurs preuves de remise, lettres, décompte et chronologie) se télécharge avec votre clé d’API (en-tête x-api-key) : ${v.evidenceUrl}`,
      ),
    columns: {
      date: 'Date',
      message: 'Message',
      messageId: 'Identifiant du message',
      amount: 'Montant',
      paymentId: 'Référence du paiement',
    },
    customerType: { business: 'Professionnel', consumer: 'Particulier' },
    customerFields: {
      name: 'Contact',
      company: 'Société',
      type: 'Type de client',
      email: 'E-mail',
      id: 'Référence client',
      invoiceId: 'Identifiant Relance',
    },
  },

  stepNames: {
    courtesy_reminder: 'Rappel avant échéance',
    first_reminder: 'Première relance',
    second_reminder: 'Deuxième relance',
    formal_notice: 'Mise en demeure',
    escalation: 'Transmission au service financier',
    installment_reminder: 'Rappel d’échéance (échéancier)',
    thank_you: 'Remerciements',
  },

  letter: {
    registered: 'Lettre recommandée avec demande d’avis de réception',
    subjectLabel: 'Objet : ',
    subject: 'Mise en demeure de payer',
    reference: (v) =>
      `Facture n°${v.invoiceNumber} du ${v.issueDate}, échue le ${v.dueDate}, d’un montant de ${v.total}`,
    placeAndDate: (v) => `${v.sellerCity}, le ${v.today}`,
    attention: (v) => `À l’attention de ${v.customerName}`,
    salutation: 'Madame, Monsieur,',
    body: (v) =>
      paragraphs(
        v.firstReminderDate && v.secondReminderDate
          ? `Malgré nos relances des ${v.firstReminderDate} et ${v.secondReminderDate}, la facture citée en référence demeure impayée à ce jour.`
          : 'Malgré nos relances, la facture citée en référence demeure impayée à ce jour.',
        `Par la présente, nous vous mettons en demeure de nous payer la somme de ${v.totalDue}, selon le décompte ci-dessous.`,
      ),
    statementTitle: (v) => `Décompte des sommes dues au ${v.asOf}`,
    deadline: (v) => `Nous vous demandons de régler cette somme au plus tard le ${v.deadline}.`,
    consequences: (v) =>
      paragraphs(
        v.penaltiesApply &&
          `Les pénalités de retard, calculées ${rateTerms(v)}, continuent de courir jusqu’au complet paiement (article L441-10 du Code de commerce).`,
        legalInterestNotice(v),
        v.business
          ? 'À défaut de paiement intégral dans ce délai, nous saisirons sans autre avis la juridiction compétente d’une requête en injonction de payer, ou engagerons toute autre procédure de recouvrement, dont les frais pourront être mis à votre charge.'
          : 'À défaut de paiement intégral dans ce délai, nous saisirons sans autre avis la juridiction compétente d’une requête en injonction de payer.',
      ),
    payment: (v) =>
      paragraphs(
        v.hasBankDetails &&
          `Le règlement peut être effectué par virement bancaire, en rappelant la référence ${v.invoiceNumber} :`,
      ),
    closing: 'Nous vous prions d’agréer, Madame, Monsieur, l’expression de nos salutations distinguées.',
    signatureFor: (v) => `Pour ${v.sellerLegalName}`,
    signatureRole: 'Le service comptabilité',
    enclosure: 'Pièce jointe : copie de la facture',
    page: (page, pages) => `Page ${page}/${pages}`,
  },
};

/** "Entièrement réglée" only when nothing is claimed beyond the principal. */
function settledText(v: CopyValues): string {
  return v.extrasClaimed
    ? 'Le principal de la facture est désormais réglé.'
    : 'Elle est désormais entièrement réglée.';
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
