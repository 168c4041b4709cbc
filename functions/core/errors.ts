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
