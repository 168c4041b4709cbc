import { expect } from 'vitest';
import type { InvoiceInput } from '../../functions/core/schemas';
import { invoiceFa0012 } from '../fixtures/invoices';

/** What the HTTP API tests share: the seller, an invoice per number, the shapes they read. */
export const SELLER = 'atelier-dupont';

export function invoice(number: string, overrides: Partial<InvoiceInput> = {}): InvoiceInput {
  const slug = number.toLowerCase();
  return {
    ...invoiceFa0012,
    number,
    customer: { ...invoiceFa0012.customer, id: `C-${number}`, email: `${slug}@client.example` },
    paymentLink: `https://pay.example.com/i/${number}`,
    ...overrides,
  };
}

export interface View {
  invoiceId: string;
  number: string;
  status: string;
  flags: string[];
  paidMinor: number;
  balanceMinor: number;
  schedule: { step: string; at: string; state: string; reason?: string; messageId?: string }[];
  events?: { at: string; type: string; [key: string]: unknown }[];
  statement?: Record<string, unknown>;
}

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors?: { path: string; message: string }[];
}

export const normalizeSpaces = (text: string) => text.replace(/[\u202f\u00a0]/g, ' ');

/** Checks a problem+json answer with `status` and returns its body. */
export const expectProblem = (
  result: { status: number; headers: Headers; json: <T>() => T },
  status: number,
): Problem => {
  expect(result.status).toBe(status);
  expect(result.headers.get('content-type')).toContain('application/problem+json');
  const body = result.json<Problem>();
  expect(body).toMatchObject({
    status,
    title: expect.any(String),
    detail: expect.any(String),
    type: expect.any(String),
  });
  return body;
};
