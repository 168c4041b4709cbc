import type { InvoiceSummary } from './invoice-summary';
import type { Locale } from './money';
import type { InstallmentPhase, InstallmentView } from './payment-plan';
import type { Customer, Seller } from './schemas';
import type { Statement } from './statement';
import type { MessageStep } from './steps';
import type { PayerProfile } from './tone';

/**
 * Everything a message needs, assembled by the send function from the invoice, the seller and the
 * statement of amounts. Pure data: rendering never reads AWS or the clock.
 */
export interface MessageContext {
  readonly step: MessageStep;
  readonly locale: Locale;
  readonly tone: PayerProfile;
  readonly seller: Seller;
  readonly customer: Customer;
  readonly invoice: InvoiceSummary & { readonly paymentLink?: string; readonly purchaseOrder?: string };
  /** Statement of amounts as of `today` (penalties and indemnity are 0 for consumers). */
  readonly statement: Statement;
  /** Seller-local date of the send, `YYYY-MM-DD`. */
  readonly today: string;
  /** Messages already sent for this invoice, oldest first (the second reminder recalls the first). */
  readonly previousMessages: readonly {
    readonly step: MessageStep;
    readonly sentAt: string;
    readonly messageId: string;
  }[];
  readonly payments: readonly {
    readonly paymentId: string;
    readonly amountMinor: number;
    readonly paidAt: string;
  }[];
  /**
   * Formal notice only: the date by which payment is demanded — the send date + the seller's
   * `noticeDeadlineDays`, moved to the next business day (functions/core/legal-calendar.ts).
   */
  readonly paymentDeadline?: string;
  /** Base URL of the API (escalation: the evidence bundle is downloaded from it). */
  readonly apiUrl?: string;
  /** Thank-you only: the principal is paid and the seller claims the penalties and indemnity still due. */
  readonly extrasClaimed?: boolean;
  /** Customer reminders: the signed link to the reply page (`GET /r/{token}`). */
  readonly replyUrl?: string;
  /** Installment reminders: which installment, before or after its date, and the plan as it stands. */
  readonly installment?: {
    readonly number: number;
    readonly phase: InstallmentPhase;
    readonly installments: readonly InstallmentView[];
  };
}

/** A rendered message: header values are single-line, the HTML is escaped, the text part is derived. */
export interface RenderedMessage {
  readonly subject: string;
  readonly html: string;
  readonly text: string;
}
