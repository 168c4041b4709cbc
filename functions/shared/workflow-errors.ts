/**
 * Errors thrown by workflow Lambdas. Their `name` is what Step Functions matches in Retry/Catch
 * (docs/architecture.md): `TransientSendError` is retried with backoff; anything else is caught by
 * `Record failure`.
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
