import type { PayerProfile } from '../../functions/core/tone';

/**
 * The values a message's wording may use, already formatted for the message locale. Copy functions
 * return plain text: the templates HTML-escape everything they print, so no wording can inject markup.
 */
export interface CopyValues {
  readonly tone: PayerProfile;
  /** B2B customer: late penalties and the recovery indemnity apply (art. L441-10 Code de commerce). */
  readonly business: boolean;
  /** The seller's trading name (sender display name), e.g. "Atelier Dupont". */
  readonly sellerName: string;
  readonly sellerLegalName: string;
  readonly sellerCity: string;
  readonly customerName: string;
  readonly customerCompany: string | null;
  readonly invoiceNumber: string;
  readonly invoiceId: string;
  /** Where the evidence bundle (ZIP) of the invoice is downloaded, with the API key. */
  readonly evidenceUrl: string;
  readonly issueDate: string;
  readonly dueDate: string;
  /** First day of lateness: penalties accrue from it. */
  readonly dayAfterDue: string;
  readonly total: string;
  readonly paid: string;
  /** Unpaid principal. */
  readonly balance: string;
  /** Some payment received, some balance left. */
  readonly partiallyPaid: boolean;
  readonly daysLate: number;
  readonly daysUntilDue: number;
  /** Annual late-penalty rate, e.g. "12,15 %": the contractual one, or the statutory one of the day. */
  readonly rate: string;
  /** No contractual rate: the statutory one applies (ECB main refinancing rate + 10 points). */
  readonly statutoryRate: boolean;
  /** Consumers after a formal notice: legal-rate interest accrued as of the statement date. */
  readonly legalInterest: string;
  /** Penalties accrued as of the statement date. */
  readonly penalties: string;
  /** The fixed recovery indemnity, e.g. "40,00 €". */
  readonly indemnity: string;
  /** Business customer and a late-penalty rate: penalty wording is allowed. */
  readonly penaltiesApply: boolean;
  /** Business customer, EUR invoice and a non-zero indemnity: indemnity wording is allowed. */
  readonly indemnityApplies: boolean;
  /** Principal + penalties + indemnity as of the statement date. */
  readonly totalDue: string;
  readonly asOf: string;
  readonly today: string;
  readonly firstReminderDate: string | null;
  readonly secondReminderDate: string | null;
  readonly formalNoticeDate: string | null;
  /** Formal notice: the date by which payment is demanded; escalation: the deadline that expired. */
  readonly deadline: string | null;
  /** Escalation: the formal notice's deadline is already over (it may not be, after a weekend shift). */
  readonly deadlinePassed: boolean;
  readonly contactEmail: string;
  readonly contactPhone: string | null;
  /** Sum of the payments received. */
  readonly amountReceived: string;
  readonly paymentCount: number;
  readonly lastPaymentDate: string | null;
  /** Amount paid above the invoice total, when overpaid. */
  readonly overpaid: string | null;
  readonly hasPaymentLink: boolean;
  readonly hasBankDetails: boolean;
  /** Thank-you when the principal is paid and the seller claims the penalties and indemnity still due. */
  readonly extrasClaimed: boolean;
  /** Penalties + indemnity + legal interest still due after the principal, formatted. */
  readonly extrasDue: string;
  /** Installment reminders: the installment concerned; null for every other message. */
  readonly installment: {
    readonly number: number;
    readonly count: number;
    readonly date: string;
    readonly amount: string;
    /** What is left to pay on this installment. */
    readonly outstanding: string;
    /** After the installment's date (it is not covered), rather than before it. */
    readonly after: boolean;
    /** Days late after which an uncovered installment ends the plan. */
    readonly breakDays: number;
  } | null;
}

type Text = (values: CopyValues) => string;
type Paragraphs = (values: CopyValues) => readonly string[];

/** The wording of one customer message; `intro` comes before the invoice summary, `outro` after it. */
export interface MessageCopy {
  readonly subject: Text;
  readonly preheader: Text;
  readonly heading: Text;
  readonly greeting: Text;
  readonly intro: Paragraphs;
  readonly outro: Paragraphs;
  readonly closing: Paragraphs;
}

/** The escalation goes to the seller's finance team: a case file, not a letter. */
export interface EscalationCopy extends MessageCopy {
  readonly invoiceTitle: string;
  readonly purchaseOrder: string;
  readonly customerTitle: string;
  readonly timelineTitle: string;
  readonly timelineEmpty: string;
  readonly paymentsTitle: string;
  readonly paymentsEmpty: string;
  readonly nextStepsTitle: string;
  readonly nextSteps: Paragraphs;
  readonly columns: {
    readonly date: string;
    readonly message: string;
    readonly messageId: string;
    readonly amount: string;
    readonly paymentId: string;
  };
  readonly customerType: { readonly business: string; readonly consumer: string };
  readonly customerFields: {
    readonly name: string;
    readonly company: string;
    readonly type: string;
    readonly email: string;
    readonly id: string;
    readonly invoiceId: string;
  };
}

/** The formal-notice letter (PDF). */
export interface LetterCopy {
  readonly registered: string;
  readonly subjectLabel: string;
  readonly subject: string;
  readonly reference: Text;
  readonly placeAndDate: Text;
  readonly attention: Text;
  readonly salutation: string;
  readonly body: Paragraphs;
  readonly statementTitle: Text;
  readonly deadline: Text;
  readonly consequences: Paragraphs;
  readonly payment: Paragraphs;
  readonly closing: string;
  readonly signatureFor: Text;
  readonly signatureRole: string;
  readonly enclosure: string;
  readonly page: (page: number, pages: number) => string;
}

/** Labels of tables, blocks and the legal footer. */
export interface Labels {
  /** Separator between a label and its value in the plain-text part ("Facture : …" / "Invoice: …"). */
  readonly colon: string;
  readonly summaryTitle: string;
  readonly invoiceNumber: string;
  readonly purchaseOrder: string;
  readonly issueDate: string;
  readonly dueDate: string;
  readonly invoiceTotal: string;
  readonly alreadyPaid: string;
  readonly amountDue: string;
  readonly amountReceived: string;
  readonly statementTitle: (asOf: string) => string;
  readonly principal: string;
  readonly penalties: (rate: string, days: string) => string;
  readonly indemnity: string;
  readonly legalInterest: string;
  readonly totalDue: string;
  readonly paymentTitle: string;
  readonly payOnline: string;
  readonly transferIntro: string;
  readonly accountHolder: string;
  readonly iban: string;
  readonly bic: string;
  readonly transferReference: string;
  readonly siren: string;
  readonly vatNumber: string;
  readonly signOff: string;
  readonly signatureTeam: (sellerName: string) => string;
  readonly phone: string;
  readonly days: (count: number) => string;
  /** Installment reminders: "Échéance 2 / 3 – 15/01/2027" and the states of an installment. */
  readonly installment: (number: number, count: number, date: string) => string;
  readonly installmentStates: { readonly due: string; readonly paid: string; readonly late: string };
  readonly internalFooter: (sellerLegalName: string) => string;
  /** Legal name + form followed by the share capital (art. R123-237 Code de commerce). */
  readonly withShareCapital: (name: string, capital: string) => string;
}

export interface LocaleCopy {
  readonly labels: Labels;
  readonly courtesy_reminder: MessageCopy;
  readonly first_reminder: MessageCopy;
  readonly second_reminder: MessageCopy;
  readonly formal_notice: MessageCopy;
  readonly installment_reminder: MessageCopy;
  readonly thank_you: MessageCopy;
  readonly escalation: EscalationCopy;
  readonly stepNames: {
    readonly courtesy_reminder: string;
    readonly first_reminder: string;
    readonly second_reminder: string;
    readonly formal_notice: string;
    readonly escalation: string;
    readonly installment_reminder: string;
    readonly thank_you: string;
  };
  readonly letter: LetterCopy;
}

/** Picks the wording of the customer's payer profile. */
export function byTone<T>(values: CopyValues, variants: Readonly<Record<PayerProfile, T>>): T {
  return variants[values.tone];
}

/** Keeps the paragraphs whose condition holds: `when(values.business, '…')`. */
export function paragraphs(...items: readonly (string | false | null | undefined)[]): readonly string[] {
  return items.filter((item): item is string => typeof item === 'string' && item.length > 0);
}
