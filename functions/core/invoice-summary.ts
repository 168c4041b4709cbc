/**
 * What identifies an invoice and what it amounts to: the fields every view of an invoice shares (the
 * stored item, the API's view, the messages' and the reply page's context).
 */
export interface InvoiceSummary {
  readonly invoiceId: string;
  readonly number: string;
  readonly issueDate: string;
  readonly dueDate: string;
  readonly currency: string;
  readonly totalMinor: number;
  readonly paidMinor: number;
  readonly balanceMinor: number;
}
