import type { ClaimOwner } from '../core/claims';
import type { FacturXProfile } from '../core/facturx/cii';
import type { InvoiceSummary } from '../core/invoice-summary';
import type { InvoiceStatus } from '../core/lifecycle';
import type { PaymentPlan } from '../core/payment-plan';
import type { PlannedStep } from '../core/schedule';
import type { Customer, Seller } from '../core/schemas';
import type { MessageStep } from '../core/steps';

/*
 * The items of the single table as the domain sees them (without their key attributes). `Store`
 * (store.ts) reads and writes them; everything else imports these types from store.ts.
 */

/**
 * What a send claim is keyed by in the invoice's `steps` map: the step itself, or, for installment
 * reminders, one key per installment and phase (`installment_2_after`).
 */
export type ClaimKey = MessageStep | `installment_${number}_${'before' | 'after'}`;

export interface StepClaim extends ClaimOwner {
  readonly state: 'claimed' | 'sent' | 'released' | 'unknown';
  readonly messageId?: string;
  readonly sentAt?: string;
  /** Claimed by another invoice's send, to go out in its email (docs/domain.md, one message per customer). */
  readonly consolidatedInto?: string;
  /** Sent inside one email listing several invoices (the same `messageId` on each). */
  readonly consolidated?: boolean;
}

export interface PaymentEntry {
  readonly amountMinor: number;
  readonly paidAt: string;
  readonly method?: string;
  readonly source: 'api' | 'webhook_generic' | 'webhook_stripe';
  readonly recordedAt: string;
}

export interface ScheduleEntry extends PlannedStep {}

/** The invoice item of the single table (docs/architecture.md). */
export interface InvoiceRecord extends InvoiceSummary {
  readonly sellerId: string;
  readonly status: InvoiceStatus;
  readonly flags: Readonly<Record<string, string>>;
  readonly customer: Customer;
  readonly pdfKey: string;
  readonly paymentLink?: string;
  readonly purchaseOrder?: string;
  readonly contentHash: string;
  readonly registeredAt: string;
  readonly schedule: readonly ScheduleEntry[];
  readonly steps: Readonly<Partial<Record<MessageStep, StepClaim>>>;
  readonly payments: Readonly<Record<string, PaymentEntry>>;
  readonly resumeCount: number;
  /** The number of events appended so far (their order at equal times). */
  readonly eventSequence?: number;
  /** Bumped by every pause: concurrent pauses of one invoice are serialized on it. */
  readonly pauseVersion?: number;
  readonly executionName: string;
  readonly executionStarted?: boolean;
  readonly pause?: {
    readonly reason: string;
    readonly until?: string;
    readonly note?: string;
    /** Insolvency: the BODACC publication of the opening judgment and the claim declaration deadline. */
    readonly bodaccPublishedOn?: string;
    readonly claimDeclarationDeadline?: string;
    readonly at: string;
  };
  /** The customer's address hard-bounced or complained: no customer message goes out until it is fixed. */
  readonly undeliverable?: UndeliverableRecord;
  readonly cancellation?: { readonly reason: string; readonly note?: string; readonly at: string };
  /** The formal notice's registered letter, when a postal provider posts it. */
  readonly postal?: PostalRecord;
  /** The payment plan agreed with the customer, if any (functions/core/payment-plan.ts). */
  readonly plan?: PaymentPlan;
  /**
   * Penalty terms fixed at registration: the rate the invoice printed, else the seller's rate then, else
   * the statutory rate. Absent on invoices registered before terms were fixed (the seller's rate applies).
   */
  readonly penaltyTerms?: PenaltyTerms;
  /** The payment deadline the formal notice gave (seller-local date), once it is sent. */
  readonly noticeDeadline?: string;
  /** How the invoice arrived (absent on invoices registered before Factur-X: JSON). */
  readonly source?: 'factur-x' | 'json';
  readonly facturX?: { readonly profile: FacturXProfile };
}

export interface UndeliverableRecord {
  /** The address SES gave up on (the customer's `email` at the time). */
  readonly address: string;
  readonly cause: 'bounce' | 'complaint' | 'reject';
  readonly at: string;
  /** The customer message that bounced, from its SES tags. */
  readonly step?: string;
  readonly messageId: string;
}

export interface PenaltyTerms {
  readonly basis: 'invoice' | 'seller' | 'statutory';
  /** The contractual annual rate; absent for `statutory` (ECB + 10 points per half-year). */
  readonly annualRatePercent?: number;
}

/** A registered letter posted through a provider (docs/postal-mail.md). */
export interface PostalRecord {
  readonly provider: string;
  readonly state: 'posting' | 'sent' | 'delivered' | 'returned' | 'failed';
  readonly claimedAt: string;
  readonly letterKey: string;
  readonly sendingId?: string;
  readonly recipientId?: string;
  readonly sentAt?: string;
  readonly trackingNumber?: string;
  readonly lastStatus?: { readonly code?: string; readonly label?: string; readonly at?: string };
  /** Delivery or return time reported by the provider. */
  readonly settledAt?: string;
  readonly proofKey?: string;
  readonly error?: string;
}

export interface InvoiceEvent {
  readonly at: string;
  readonly type: string;
  readonly [field: string]: unknown;
}

export interface SellerRecord {
  readonly sellerId: string;
  readonly profile: Seller;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** The scope of a seller API key (the operator key has none: it reaches everything). */
export interface ApiKeyRecord {
  readonly keyId: string;
  readonly name: string;
  readonly sellers: readonly string[];
  readonly access: 'read' | 'write';
  readonly createdAt: string;
}

/** A customer's answer from the reply page of one reminder (see docs/replies.md). */
export interface ReplyRecord {
  readonly invoiceId: string;
  readonly step: string;
  readonly action: string;
  readonly at: string;
  /** The form as validated (dates, reason, message, installments…). */
  readonly answer: Readonly<Record<string, unknown>>;
}
