import { createHash } from 'node:crypto';

const INVOICE_ID_HASH_CHARS = 22;

/**
 * Deterministic, opaque, URL-safe invoice id: the same seller and number always give the same id, so a
 * re-post lands on the same item and the same execution name (Step Functions names are unique for 90
 * days). 22 base64url characters of SHA-256 are 132 bits: collisions are not a practical concern.
 */
export function invoiceIdFor(sellerId: string, invoiceNumber: string): string {
  const digest = createHash('sha256').update(`${sellerId}\n${invoiceNumber}`).digest('base64url');
  return `inv_${digest.slice(0, INVOICE_ID_HASH_CHARS)}`;
}

export const INVOICE_ID_PATTERN = /^inv_[A-Za-z0-9_-]{22}$/;

/** Execution names, as documented in docs/architecture.md (≤ 80 chars, unique per purpose). */
export const executionNames = {
  start: (invoiceId: string) => invoiceId,
  resume: (invoiceId: string, resumeNumber: number) => `${invoiceId}-resume-${resumeNumber}`,
  thankYou: (invoiceId: string) => `${invoiceId}-thanks`,
  plan: (invoiceId: string, planNumber: number) => `${invoiceId}-plan-${planNumber}`,
} as const;
