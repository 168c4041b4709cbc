/** One problem with one field of a request, in the shape of the API's `errors[]`. */
export interface FieldIssue {
  readonly path: string;
  readonly message: string;
}

/** A configuration of the domain that cannot work (an unknown holiday calendar, a bad time zone). */
export class CalendarError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CalendarError';
  }
}

/**
 * A request the domain refuses. The use cases throw these, never HTTP types; each adapter maps them to
 * its answer (the API and webhooks: problem+json with the status named in each class).
 */
export abstract class DomainError extends Error {
  readonly issues: readonly FieldIssue[];

  constructor(message: string, issues: readonly FieldIssue[] = []) {
    super(message);
    this.issues = issues;
  }
}

/** Input that breaks a rule (HTTP 400). */
export class InvalidRequestError extends DomainError {
  constructor(message: string, issues: readonly FieldIssue[] = []) {
    super(message, issues);
    this.name = 'InvalidRequestError';
  }
}

/** Something the request names does not exist (HTTP 404). */
export class NotFoundError extends DomainError {
  constructor(message: string) {
    super(message);
    this.name = 'NotFoundError';
  }
}

/** The invoice is not in a state that allows this, or changed meanwhile (HTTP 409). */
export class ConflictError extends DomainError {
  constructor(message: string) {
    super(message);
    this.name = 'ConflictError';
  }
}

/** A document over the size the service accepts (HTTP 413). */
export class PayloadTooLargeError extends DomainError {
  constructor(message: string, issues: readonly FieldIssue[] = []) {
    super(message, issues);
    this.name = 'PayloadTooLargeError';
  }
}
