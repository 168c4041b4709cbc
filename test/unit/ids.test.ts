import { describe, expect, it } from 'vitest';
import { executionNames, INVOICE_ID_PATTERN, invoiceIdFor } from '../../functions/core/ids';

describe('invoiceIdFor', () => {
  it('should be deterministic, opaque and URL-safe', () => {
    const id = invoiceIdFor('atelier-dupont', 'FA-2026-0012');
    expect(id).toBe(invoiceIdFor('atelier-dupont', 'FA-2026-0012'));
    expect(id).toMatch(INVOICE_ID_PATTERN);
    expect(id).not.toContain('FA-2026');
  });

  it('should differ between sellers and numbers, without ambiguity at the separator', () => {
    const ids = new Set([
      invoiceIdFor('a', 'b-c'),
      invoiceIdFor('a-b', 'c'),
      invoiceIdFor('atelier-dupont', 'FA-2026-0013'),
      invoiceIdFor('atelier-durand', 'FA-2026-0012'),
    ]);
    expect(ids.size).toBe(4);
  });

  it('should give execution names that fit Step Functions (≤ 80 chars, allowed characters)', () => {
    const id = invoiceIdFor('atelier-dupont', 'FA-2026-0012');
    for (const name of [
      executionNames.start(id),
      executionNames.resume(id, 12),
      executionNames.thankYou(id),
    ]) {
      expect(name.length).toBeLessThanOrEqual(80);
      expect(name).toMatch(/^[A-Za-z0-9_-]+$/);
    }
  });
});
