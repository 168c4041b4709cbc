/** One problem with one field of a request, in the shape of the API's `errors[]`. */
export interface FieldIssue {
  readonly path: string;
  readonly message: string;
}

/** Input that breaks a domain rule. The API maps it to `400` problem+json with `errors`. */
export class ValidationError extends Error {
  readonly issues: readonly FieldIssue[];

  constructor(message: string, issues: readonly FieldIssue[] = []) {
    super(message);
    this.name = 'ValidationError';
    this.issues = issues;
  }
}

/** A configuration of the domain that cannot work (an unknown holiday calendar, a bad time zone). */
export class CalendarError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CalendarError';
  }
}
