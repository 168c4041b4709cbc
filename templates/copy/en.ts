import { INSTALLMENT_COPY } from './installments';
import { byTone, type CopyValues, type LocaleCopy, paragraphs } from './types';

/** "1 day", "15 days". */
function days(count: number): string {
  return `${count} ${Math.abs(count) === 1 ? 'day' : 'days'}`;
}

function invoiceRef(v: CopyValues): string {
  return `invoice no. ${v.invoiceNumber} of ${v.issueDate} for ${v.total}`;
}

/** Said whenever part of the invoice is already paid, so the customer sees what is left. */
function partialPayment(v: CopyValues): string | false {
  return (
    v.partiallyPaid && `We have received ${v.paid} towards it; the balance still to pay is ${v.balance}.`
  );
}

function alreadyPaid(v: CopyValues): string {
  return byTone(v, {
    good: 'If your payment is already on its way, please disregard this message.',
    standard: 'If you have paid this invoice in the meantime, please disregard this message.',
    bad: 'If payment has been made in the meantime, please disregard this message.',
  });
}

function greeting(v: CopyValues): string {
  return byTone(v, {
    good: `Hello ${v.customerName},`,
    standard: `Dear ${v.customerName},`,
    bad: `Dear ${v.customerName},`,
  });
}

/** The penalty rate and where it comes from: the terms of sale, or the statute when they set none. */
function rateTerms(v: CopyValues): string {
  return v.statutoryRate
    ? `at the statutory rate of ${v.rate} a year (the European Central Bank's main refinancing rate plus 10 points)`
    : `at the annual rate of ${v.rate} set in our terms of sale`;
}

/** Consumers: a formal notice makes interest at the legal rate run (art. 1231-6 and 1344-1 French Civil Code). */
function legalInterestNotice(v: CopyValues): string | false {
  return (
    !v.business &&
    'From the day after this formal notice, the sum due bears interest at the French legal rate until paid in full (articles 1231-6 and 1344-1 of the French Civil Code).'
  );
}

/** "Paid in full" only when nothing is claimed beyond the principal. */
function settledText(v: CopyValues): string {
  return v.extrasClaimed ? 'The principal of the invoice is now paid.' : 'It is now paid in full.';
}

/** Business customers only: the legal cost of paying late (art. L441-10 and D441-5 French Commercial Code). */
function lateCosts(v: CopyValues): string | false {
  if (!v.penaltiesApply) return false;
  const indemnity = v.indemnityApplies ? ` and a fixed recovery fee of ${v.indemnity}` : '';
  return `Under article L441-10 of the French Commercial Code, any late payment automatically incurs late-payment interest ${rateTerms(v)}${indemnity}.`;
}

export const en: LocaleCopy = {
  labels: {
    colon: ': ',
    summaryTitle: 'Your invoice',
    invoiceNumber: 'Invoice no.',
    purchaseOrder: 'Your order',
    issueDate: 'Issue date',
    dueDate: 'Due date',
    invoiceTotal: 'Invoice amount',
    alreadyPaid: 'Already paid',
    amountDue: 'Amount due',
    amountReceived: 'Amount received',
    statementTitle: (asOf) => `Statement as of ${asOf}`,
    principal: 'Outstanding principal',
    penalties: (rate, count) => `Late-payment interest (${rate} a year, ${count})`,
    indemnity: 'Fixed recovery fee',
    legalInterest: 'Interest at the legal rate since the formal notice',
    totalDue: 'Total due',
    paymentTitle: 'How to pay',
    payOnline: 'Pay online',
    transferIntro: 'By bank transfer, quoting the reference below:',
    accountHolder: 'Beneficiary',
    iban: 'IBAN',
    bic: 'BIC',
    transferReference: 'Reference',
    siren: 'SIREN',
    vatNumber: 'VAT no.',
    signOff: 'Kind regards,',
    signatureTeam: (sellerName) => `Accounts team – ${sellerName}`,
    phone: 'Tel.',
    days,
    installment: (number, count, date) => `Installment ${number} / ${count} – ${date}`,
    installmentStates: { due: 'due', paid: 'paid', late: 'late' },
    internalFooter: (sellerLegalName) => `Internal message sent by Relance for ${sellerLegalName}.`,
    withShareCapital: (name, capital) => `${name} with a share capital of ${capital}`,
  },

  courtesy_reminder: {
    subject: (v) => `Due on ${v.dueDate}: invoice no. ${v.invoiceNumber} – amount ${v.balance}`,
    preheader: (v) => `Invoice no. ${v.invoiceNumber} falls due on ${v.dueDate}.`,
    heading: (v) =>
      byTone(v, {
        good: 'Your invoice is due soon',
        standard: 'Upcoming due date for your invoice',
        bad: 'Upcoming due date for your invoice',
      }),
    greeting,
    intro: (v) =>
      byTone(v, {
        good: paragraphs(
          `To help you plan your upcoming payments, here is a friendly note that ${invoiceRef(v)} falls due on ${v.dueDate}.`,
          partialPayment(v),
          'You will find it attached, with everything you need to pay it below.',
        ),
        standard: paragraphs(
          `This is to let you know that ${invoiceRef(v)} falls due on ${v.dueDate}. It is attached to this message.`,
          partialPayment(v),
          'Thank you for arranging payment by that date, using the details below.',
        ),
        bad: paragraphs(
          `${capitalize(invoiceRef(v))} falls due on ${v.dueDate}. It is attached to this message.`,
          partialPayment(v),
          'Please make sure that payment reaches us no later than that date.',
          lateCosts(v),
        ),
      }),
    outro: (v) =>
      paragraphs(
        byTone(v, {
          good: 'Any question about this invoice? Simply reply to this message.',
          standard: 'If you have any question about this invoice, simply reply to this message.',
          bad: 'If you have any question about this invoice, please reply to this message before the due date.',
        }),
        alreadyPaid(v),
      ),
    closing: () => [],
  },

  first_reminder: {
    subject: (v) =>
      byTone(v, {
        good: `Invoice no. ${v.invoiceNumber} awaiting payment – amount ${v.balance}`,
        standard: `Reminder: unpaid invoice no. ${v.invoiceNumber} – amount ${v.balance}`,
        bad: `Reminder: unpaid invoice no. ${v.invoiceNumber} – amount ${v.balance}`,
      }),
    preheader: (v) => `Invoice no. ${v.invoiceNumber}, due on ${v.dueDate}, is still unpaid.`,
    heading: (v) =>
      byTone(v, {
        good: 'A quick reminder about your invoice',
        standard: 'Reminder: unpaid invoice',
        bad: 'Reminder: unpaid invoice',
      }),
    greeting,
    intro: (v) =>
      byTone(v, {
        good: paragraphs(
          `Unless we are mistaken, we have not yet received payment of ${invoiceRef(v)}, which fell due on ${v.dueDate}.`,
          partialPayment(v),
          'This is probably just an oversight: a copy of the invoice is attached to make it easy to process.',
        ),
        standard: paragraphs(
          `According to our records, ${invoiceRef(v)}, due on ${v.dueDate}, remains unpaid.`,
          partialPayment(v),
          'This may simply be an oversight. The invoice is attached; we would be grateful if you could settle it as soon as possible.',
        ),
        bad: paragraphs(
          `We have not received payment of ${invoiceRef(v)}, which fell due on ${v.dueDate}: it is now ${days(v.daysLate)} overdue.`,
          partialPayment(v),
          'Please pay it without further delay. The invoice is attached to this message.',
          v.penaltiesApply &&
            `Since ${v.dayAfterDue}, this delay has been incurring late-payment interest ${rateTerms(v)}${v.indemnityApplies ? `, and the fixed recovery fee of ${v.indemnity} is due (article L441-10 of the French Commercial Code)` : ''}.`,
        ),
      }),
    outro: (v) =>
      paragraphs(
        byTone(v, {
          good: 'If anything looks wrong on this invoice, or if spreading the payment would help, just tell us by replying to this message: we will find a solution together.',
          standard:
            'If you dispute this invoice, or would like to agree on a payment plan, please let us know by replying to this message.',
          bad: 'If you disagree with this invoice or have difficulty paying, contact us straight away by replying to this message.',
        }),
        alreadyPaid(v),
      ),
    closing: () => [],
  },

  second_reminder: {
    subject: (v) => `Second reminder: unpaid invoice no. ${v.invoiceNumber} – amount ${v.balance}`,
    preheader: (v) => `Despite our first reminder, invoice no. ${v.invoiceNumber} is still unpaid.`,
    heading: () => 'Second reminder: unpaid invoice',
    greeting,
    intro: (v) =>
      paragraphs(
        v.firstReminderDate
          ? `On ${v.firstReminderDate}, we sent you a first reminder about ${invoiceRef(v)}, due on ${v.dueDate}.`
          : `We have already sent you a first reminder about ${invoiceRef(v)}, due on ${v.dueDate}.`,
        v.partiallyPaid
          ? `We have received ${v.paid} towards it, but the balance of ${v.balance} is still unpaid, ${days(v.daysLate)} after the due date.`
          : `According to our records, it is still unpaid, ${days(v.daysLate)} after the due date.`,
        byTone(v, {
          good: `We understand that things can slip; we would be grateful if you could pay the ${v.balance} due within the next few days.`,
          standard: `Please pay the ${v.balance} due as soon as possible.`,
          bad: `Please pay the ${v.balance} due on receipt of this message.`,
        }),
        v.penaltiesApply &&
          `Under article L441-10 of the French Commercial Code, late-payment interest has been accruing since ${v.dayAfterDue} ${rateTerms(v)}, amounting to ${v.penalties} to date${v.indemnityApplies ? `, and a fixed recovery fee of ${v.indemnity} is due` : ''}. The statement is shown below.`,
      ),
    outro: (v) =>
      paragraphs(
        byTone(v, {
          good: 'Without payment, we would have to send you a formal notice, the step before debt-recovery proceedings; we would much rather avoid that.',
          standard:
            'Failing payment, we will have to send you a formal notice, the step before debt-recovery proceedings.',
          bad: v.business
            ? 'Failing prompt payment, we will send you a formal notice and then start debt-recovery proceedings, the costs of which may be charged to you.'
            : 'Failing prompt payment, we will send you a formal notice and then start debt-recovery proceedings.',
        }),
        'If you dispute all or part of this invoice, or wish to propose a payment plan, please reply to this message without delay.',
        alreadyPaid(v),
      ),
    closing: () => [],
  },

  formal_notice: {
    subject: (v) => `Formal notice to pay – invoice no. ${v.invoiceNumber} – amount ${v.totalDue}`,
    preheader: (v) => `Formal notice to pay ${v.totalDue} by ${v.deadline}.`,
    heading: () => 'Formal notice to pay',
    greeting: () => 'Dear Sir or Madam,',
    intro: (v) =>
      paragraphs(
        v.firstReminderDate && v.secondReminderDate
          ? `Despite our reminders of ${v.firstReminderDate} and ${v.secondReminderDate}, ${invoiceRef(v)}, due on ${v.dueDate}, remains unpaid.`
          : `Despite our reminders, ${invoiceRef(v)}, due on ${v.dueDate}, remains unpaid.`,
        partialPayment(v),
        `This message is a formal notice to pay (mise en demeure de payer): we demand payment of ${v.totalDue} by ${v.deadline} at the latest.`,
        v.penaltiesApply &&
          `This sum comprises the outstanding principal, late-payment interest ${rateTerms(v)} up to ${v.asOf}${v.indemnityApplies ? ` and the fixed recovery fee of ${v.indemnity}` : ''} (article L441-10 of the French Commercial Code). Interest continues to accrue until payment in full.`,
        legalInterestNotice(v),
      ),
    outro: (v) =>
      paragraphs(
        v.business
          ? `If full payment has not been received by ${v.deadline}, we will, without further notice, start legal recovery proceedings, including an application for an order for payment (injonction de payer), the costs of which may be charged to you.`
          : `If full payment has not been received by ${v.deadline}, we will, without further notice, start legal recovery proceedings, including an application for an order for payment (injonction de payer).`,
        'The formal notice letter and a copy of the invoice are attached to this message.',
        'If you have paid this sum in the meantime, or if you dispute this claim, let us know immediately by replying to this message.',
      ),
    closing: () => ['Yours faithfully,'],
  },

  installment_reminder: INSTALLMENT_COPY.en,

  thank_you: {
    subject: (v) => `Thank you for your payment – invoice no. ${v.invoiceNumber}`,
    preheader: (v) => `We have received ${v.amountReceived} for invoice no. ${v.invoiceNumber}.`,
    heading: () => 'Thank you for your payment',
    greeting,
    intro: (v) =>
      paragraphs(
        v.paymentCount > 1
          ? `We have received your payments for invoice no. ${v.invoiceNumber} of ${v.issueDate}, ${v.amountReceived} in total, the last one on ${v.lastPaymentDate}. ${settledText(v)}`
          : `We have received your payment of ${v.amountReceived}${v.lastPaymentDate ? ` on ${v.lastPaymentDate}` : ''} for invoice no. ${v.invoiceNumber} of ${v.issueDate}. ${settledText(v)}`,
        v.extrasClaimed &&
          `Still due for the late payment: ${v.extrasDue}, detailed below${v.business ? ' (article L441-10 of the French Commercial Code)' : ''}. Please pay this amount as set out below.`,
        !v.extrasClaimed &&
          v.overpaid &&
          `You paid ${v.overpaid} more than the invoice amount: we will contact you to refund it or credit it against a future invoice, as you prefer.`,
        byTone(v, {
          good: 'Thank you for your trust and loyalty: it is always a pleasure working with you.',
          standard: 'Thank you for your trust; we remain at your disposal.',
          bad: 'Thank you for settling this invoice; we remain at your disposal and look forward to working with you.',
        }),
      ),
    outro: () => [],
    closing: () => [],
  },

  escalation: {
    subject: (v) =>
      `Case to follow up: invoice no. ${v.invoiceNumber} – ${v.customerCompany ?? v.customerName} – ${v.totalDue} due`,
    preheader: (v) => `Automatic dunning of invoice no. ${v.invoiceNumber} ended without full payment.`,
    heading: () => 'Case handed over to the finance team',
    greeting: () => 'Hello,',
    intro: (v) =>
      paragraphs(
        `Automatic dunning of invoice no. ${v.invoiceNumber} (${v.customerCompany ?? v.customerName}) has ended without full payment${v.formalNoticeDate ? `: the formal notice was sent on ${v.formalNoticeDate}` : ''}${v.deadline ? ` and the payment deadline ${v.deadlinePassed ? 'expired' : 'expires'} on ${v.deadline}` : ''}.`,
        `As of ${v.asOf}, ${v.totalDue} is due, ${days(v.daysLate)} after the due date. Relance will send no further message to the customer about this invoice: the case is now in your hands.`,
      ),
    outro: () => [],
    closing: () => [],
    invoiceTitle: 'Invoice',
    purchaseOrder: 'Customer order',
    customerTitle: 'Customer',
    timelineTitle: 'Messages sent',
    timelineEmpty: 'No message sent.',
    paymentsTitle: 'Payments received',
    paymentsEmpty: 'No payment received.',
    nextStepsTitle: 'Next steps',
    nextSteps: (v) =>
      paragraphs(
        'Call the customer to obtain a dated commitment to pay, or to understand a possible dispute.',
        `If there is a dispute or a payment plan is agreed, pause the case (POST /invoices/${v.invoiceId}/pause) so that nothing is sent meanwhile.`,
        v.business
          ? 'Failing agreement, apply for an order for payment (injonction de payer) at the commercial court (tribunal de commerce), or hand the case to a judicial officer or a collection agency.'
          : 'Failing agreement, apply for an order for payment (injonction de payer) at the civil court (tribunal judiciaire), or hand the case to a judicial officer. Consumer customer: amicable recovery costs stay with you and cannot be claimed from them (article L111-8 of the French Code of civil enforcement procedures).',
        'Every message is archived exactly as sent (HTML, text, recipients, attachment hashes): this is your evidence of the amicable steps taken.',
        `The evidence file for the court or a collection agency (ZIP: invoice, messages as sent with their proofs of delivery, letters, statement and chronology) is downloaded with your API key (header x-api-key): ${v.evidenceUrl}`,
      ),
    columns: {
      date: 'Date',
      message: 'Message',
      messageId: 'Message id',
      amount: 'Amount',
      paymentId: 'Payment reference',
    },
    customerType: { business: 'Business', consumer: 'Consumer' },
    customerFields: {
      name: 'Contact',
      company: 'Company',
      type: 'Customer type',
      email: 'Email',
      id: 'Customer reference',
      invoiceId: 'Relance id',
    },
  },

  stepNames: {
    courtesy_reminder: 'Courtesy reminder',
    first_reminder: 'First reminder',
    second_reminder: 'Second reminder',
    formal_notice: 'Formal notice',
    escalation: 'Handed to finance team',
    installment_reminder: 'Installment reminder (payment plan)',
    thank_you: 'Thank-you',
  },

  letter: {
    registered: 'Registered letter with acknowledgement of receipt',
    subjectLabel: 'Subject: ',
    subject: 'Formal notice to pay',
    reference: (v) => `Invoice no. ${v.invoiceNumber} of ${v.issueDate}, due on ${v.dueDate}, for ${v.total}`,
    placeAndDate: (v) => `${v.sellerCity}, ${v.today}`,
    attention: (v) => `For the attention of ${v.customerName}`,
    salutation: 'Dear Sir or Madam,',
    body: (v) =>
      paragraphs(
        v.firstReminderDate && v.secondReminderDate
          ? `Despite our reminders of ${v.firstReminderDate} and ${v.secondReminderDate}, the invoice referred to above remains unpaid.`
          : 'Despite our reminders, the invoice referred to above remains unpaid.',
        `We hereby give you formal notice to pay us the sum of ${v.totalDue}, as set out in the statement below.`,
      ),
    statementTitle: (v) => `Statement of amounts due as of ${v.asOf}`,
    deadline: (v) => `We require payment of this sum by ${v.deadline} at the latest.`,
    consequences: (v) =>
      paragraphs(
        v.penaltiesApply &&
          `Late-payment interest ${rateTerms(v)} continues to accrue until payment in full (article L441-10 of the French Commercial Code).`,
        legalInterestNotice(v),
        v.business
          ? 'If full payment is not received within this period, we will, without further notice, apply to the competent court for an order for payment (injonction de payer) or start any other recovery proceedings, the costs of which may be charged to you.'
          : 'If full payment is not received within this period, we will, without further notice, apply to the competent court for an order for payment (injonction de payer).',
      ),
    payment: (v) =>
      paragraphs(
        v.hasBankDetails && `Payment can be made by bank transfer, quoting the reference ${v.invoiceNumber}:`,
      ),
    closing: 'Yours faithfully,',
    signatureFor: (v) => `For ${v.sellerLegalName}`,
    signatureRole: 'Accounts department',
    enclosure: 'Enclosure: copy of the invoice',
    page: (page, pages) => `Page ${page} of ${pages}`,
  },
};

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
