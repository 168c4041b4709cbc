/**
 * Errors thrown by workflow Lambdas. Their `name` is what Step Functions matches in Retry/Catch
 * (docs/architecture.md): `TransientSendError` is retried with backoff, `SendInProgressError` with a
 * longer one; anything else is caught by `Record failure`.
 */
export class TransientSendError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'TransientSendError';
  }
}

export class InvoiceNotFoundError extends Error {
  constructor(invoiceId: string) {
    super(`Invoice ${invoiceId} does not exist`);
    this.name = 'InvoiceNotFoundError';
  }
}

export class SellerNotFoundError extends Error {
  constructor(sellerId: string) {
    super(`Seller ${sellerId} does not exist`);
    this.name = 'SellerNotFoundError';
  }
}

export class InvalidTaskInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidTaskInputError';
  }
}

/** The name the state machine's dedicated Retry matches (lib/workflow.ts, and the local engine's timing). */
export const SEND_IN_PROGRESS_ERROR = 'SendInProgressError';

export const SEND_RATE_LIMITED_ERROR = 'SendRateLimitedError';

/**
 * SES refused the send for rate or quota (`TooManyRequestsException`, `LimitExceededException`): nothing
 * went out and the claim was given back. Retried by the state machine for hours, not minutes, so that a
 * busy send window never turns into failed executions (lib/workflow.ts, docs/capacity.md).
 */
export class SendRateLimitedError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = SEND_RATE_LIMITED_ERROR;
  }
}

/**
 * A claim of this step is held by a sender that may still be talking to SES (or, before a thank-you, a
 * reminder's claim is). Thrown so that the state machine retries later, long enough to outlast the send
 * function's timeout, by when the claim has ended `sent`, `released` or been judged abandoned.
 */
export class SendInProgressError extends Error {
  constructor(invoiceId: string, step: string) {
    super(`A send of ${step} for ${invoiceId} is still in flight; retrying later`);
    this.name = SEND_IN_PROGRESS_ERROR;
  }
}
