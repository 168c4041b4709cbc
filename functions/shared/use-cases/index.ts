import type { InvoiceOrigin } from '../../core/facturx/cii';
import type { PaymentPlanInput } from '../../core/payment-plan';
import type { CancelInput, ContactInput, Invoice, PauseInput } from '../../core/schemas';
import type { ExecutionsPort } from '../executions';
import type { InvoiceView } from '../invoice-view';
import type { PaymentEntry } from '../store';
import { type CancelStore, cancel } from './cancel';
import { type ContactStore, updateContact } from './contact';
import type { DocumentsPort } from './documents';
import { type PauseInvoiceDeps, pause } from './pause';
import { agreePaymentPlan, type PaymentPlanStore } from './payment-plan';
import { type IncomingPayment, type PaymentStore, recordPayment } from './record-payment';
import { type RegisterStore, type Registration, registerInvoice } from './register';
import { type ResumeStore, resume } from './resume';
import { type ViewStore, viewInvoice } from './view-invoice';

/**
 * The store as all the invoice use cases together see it: the union of their ports. The DynamoDB
 * `Store` implements it; the unit tests' in-memory fake does too (test/fixtures/fake-store.ts).
 */
export type InvoiceStore = RegisterStore &
  ViewStore &
  PaymentStore &
  PauseInvoiceDeps['store'] &
  ResumeStore &
  CancelStore &
  ContactStore &
  PaymentPlanStore;

export interface InvoiceUseCaseDeps {
  readonly store: InvoiceStore;
  readonly executions: ExecutionsPort;
  readonly now: () => Date;
  /** The invoice PDFs; only the registration reads or writes them. */
  readonly documents?: DocumentsPort;
  /** The seller alert of an insolvency pause; without it no alert is sent. */
  readonly alertInsolvency?: PauseInvoiceDeps['alertInsolvency'];
}

/** The invoice use cases bound to their ports: what the API routes and the webhooks call. */
export interface InvoiceUseCases {
  register(invoice: Invoice, origin?: InvoiceOrigin): Promise<Registration>;
  view(invoiceId: string, asOf?: string): Promise<InvoiceView>;
  recordPayment(
    invoiceId: string,
    payment: IncomingPayment,
    source: PaymentEntry['source'],
  ): Promise<{ applied: boolean; view: InvoiceView }>;
  pause(invoiceId: string, input: PauseInput): Promise<InvoiceView>;
  resume(invoiceId: string): Promise<InvoiceView>;
  cancel(invoiceId: string, input: CancelInput): Promise<InvoiceView>;
  updateContact(invoiceId: string, input: ContactInput): Promise<InvoiceView>;
  agreePaymentPlan(invoiceId: string, input: PaymentPlanInput): Promise<InvoiceView>;
}

/** A handler without the invoices bucket (the webhooks) must never reach the registration. */
export class NoDocumentsError extends Error {
  constructor() {
    super('This function has no access to the invoice documents.');
    this.name = 'NoDocumentsError';
  }
}

const noDocuments: DocumentsPort = {
  put: async () => {
    throw new NoDocumentsError();
  },
  read: async () => {
    throw new NoDocumentsError();
  },
  readHead: async () => {
    throw new NoDocumentsError();
  },
};

/** The composition: each use case gets the ports it takes, from one set of adapters. */
export function invoiceUseCases(deps: InvoiceUseCaseDeps): InvoiceUseCases {
  const documents = deps.documents ?? noDocuments;
  return {
    register: (invoice, origin) => registerInvoice({ ...deps, documents }, invoice, origin),
    view: (invoiceId, asOf) => viewInvoice(deps, invoiceId, asOf),
    recordPayment: (invoiceId, payment, source) => recordPayment(deps, invoiceId, payment, source),
    pause: (invoiceId, input) => pause(deps, invoiceId, input),
    resume: (invoiceId) => resume(deps, invoiceId),
    cancel: (invoiceId, input) => cancel(deps, invoiceId, input),
    updateContact: (invoiceId, input) => updateContact(deps, invoiceId, input),
    agreePaymentPlan: (invoiceId, input) => agreePaymentPlan(deps, invoiceId, input),
  };
}
