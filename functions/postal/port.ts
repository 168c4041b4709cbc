/**
 * The `PostalMail` port: how a formal-notice letter reaches the customer on paper (or as an
 * electronic registered letter). `none` posts nothing: the letter is attached to the email and the
 * seller is told to post it by registered mail. A provider adapter posts it, and later reports its
 * delivery or return with a proof file.
 */

/** A French-style postal address as a provider prints it (6 lines + country). */
export interface PostalAddress {
  /** Company (optional for a consumer). */
  readonly company?: string;
  /** Person (civility, first name, name). */
  readonly person?: string;
  readonly line1: string;
  readonly line2?: string;
  readonly postalCode: string;
  readonly city: string;
  /** ISO 3166-1 alpha-2. */
  readonly country: string;
}

export interface RegisteredLetterRequest {
  /** Our reference (invoice id + step), shown in the provider's console and echoed back. */
  readonly reference: string;
  readonly title: string;
  readonly fileName: string;
  readonly pdf: Uint8Array;
  readonly sender: PostalAddress;
  readonly recipient: PostalAddress;
  /** Where the provider sends its own notifications (the seller's contact). */
  readonly notificationEmail: string;
}

/** What identifies a posted letter at the provider (stored on the invoice, polled later). */
export interface RegisteredLetterHandle {
  readonly provider: string;
  readonly sendingId: string;
  readonly recipientId: string;
}

export type LetterOutcome = 'in_transit' | 'delivered' | 'returned';

export interface LetterStatus {
  readonly outcome: LetterOutcome;
  /** The registered-mail number printed on the receipt (known once the provider has processed it). */
  readonly trackingNumber?: string;
  /** Provider status code and label of the last event, and its time. */
  readonly code?: string;
  readonly label?: string;
  readonly at?: string;
  /** A proof file can be downloaded (the scanned acknowledgement of receipt). */
  readonly proofAvailable: boolean;
}

export interface PostalMail {
  readonly provider: string;
  send(request: RegisteredLetterRequest): Promise<RegisteredLetterHandle>;
  status(handle: RegisteredLetterHandle): Promise<LetterStatus>;
  /** The proof of delivery or of return as a PDF. */
  proof(handle: RegisteredLetterHandle): Promise<Uint8Array>;
}

/** A provider answered with an error (bad request, authentication, unsupported address…). */
export class PostalMailError extends Error {
  constructor(
    message: string,
    readonly status?: number,
    readonly code?: string,
  ) {
    super(message);
    this.name = 'PostalMailError';
  }
}
