import type { ConsolidatedStep } from '../core/consolidation';
import type { Seller } from '../core/schemas';
import type { MessageStep } from '../core/steps';
import type { NoticeLetter } from '../postal/dispatch';
import type { MailerPort } from '../shared/mailer';
import type { ClaimKey, InvoiceRecord, Store } from '../shared/store';
import type { ContactDayRef } from '../shared/store-contacts';
import type { UndeliverableDeps } from '../shared/undeliverable';
import type { DocumentsPort } from '../shared/use-cases/documents';
import type { ClaimStore, SenderRuntime } from './claims';
import type { ContactGate } from './contact-day';

/*
 * The ports of `sendStep`: small interfaces the send function's handler fills with the DynamoDB store,
 * S3, SES and the postal provider (adapters.ts), and the unit tests with in-memory fakes.
 */

/** The store methods a send calls, its claims and the undeliverable-address rules included. */
export type SendStore = Pick<
  Store,
  | 'getInvoice'
  | 'getSeller'
  | 'claimStep'
  | 'releaseClaim'
  | 'markStepSent'
  | 'appendEvent'
  | 'replanStep'
  | 'customerInvoices'
> &
  ClaimStore &
  UndeliverableDeps['store'];

/** The contact day of a customer's address (one message per address and day: contact-day.ts). */
export interface ContactDaysPort {
  /** `key`: the step's claim key (an installment reminder is one of several of its invoice). */
  open(
    invoice: InvoiceRecord,
    seller: Seller,
    step: MessageStep,
    now: Date,
    key: ClaimKey,
  ): Promise<ContactGate>;
  release(contact: ContactClaim): Promise<void>;
  markSent(contact: ContactClaim, messageId: string, members: readonly string[]): Promise<void>;
}

/** The contact day this send took, and the invoice that leads its email. */
export interface ContactClaim {
  readonly ref: ContactDayRef;
  readonly lead: string;
}

/** The formal notice's registered letter: posted by the provider, or left to the seller. */
export interface LettersPort {
  dispatch(invoice: InvoiceRecord, seller: Seller, letter: NoticeLetter): Promise<void>;
}

export interface SendDeps {
  readonly store: SendStore;
  /** The invoice PDFs read, the formal-notice letters and the evidence copies written. */
  readonly documents: Pick<DocumentsPort, 'read' | 'put'>;
  readonly mailer: MailerPort;
  readonly letters: LettersPort;
  readonly contactDays: ContactDaysPort;
  readonly now: () => Date;
  /** Base URL of the API, for the evidence link of the escalation. */
  readonly apiUrl?: string;
  /** Where customer reminders link to (`<baseUrl>/r/<token>`) and the keys that sign the tokens. */
  readonly replies?: { readonly baseUrl: string; readonly secrets: () => Promise<readonly string[]> };
  /** This sender runtime: judges claims left open by others (see `judgeClaim`). */
  readonly runtime: SenderRuntime;
}

/** Formal notice only: when the escalation goes, re-planned from the notice's actual send date. */
export interface EscalationPlan {
  readonly at: string;
  readonly state: 'planned' | 'skipped';
}

export type SendResult = (
  | {
      readonly outcome: 'sent';
      readonly step: MessageStep;
      readonly messageId: string;
      /** A consolidated email: how many invoices it covered. */
      readonly invoices?: number;
    }
  | { readonly outcome: 'skipped'; readonly step: MessageStep; readonly reason: string }
  /** Moved to `at` (the next business day): the customer's address already got its message today. */
  | {
      readonly outcome: 'postponed';
      readonly step: MessageStep;
      readonly reason: string;
      readonly at: string;
    }
) & { readonly escalation?: EscalationPlan };

/** What one send covers: the lead invoice's step and, consolidated into its email, other invoices' steps. */
export interface Batch {
  readonly members: readonly { readonly invoice: InvoiceRecord; readonly step: ConsolidatedStep }[];
  readonly contact?: ContactClaim;
}

/** One step of one invoice, as the send works on it. */
export interface SendTarget {
  readonly invoice: InvoiceRecord;
  readonly seller: Seller;
  readonly step: MessageStep;
  /** The claim key: the step, or an installment reminder's `installment_<n>_<phase>`. */
  readonly key: ClaimKey;
  readonly now: Date;
}
