import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidCursorError, openCursor, sealCursor } from '../../functions/core/cursor';

const position = {
  pk: 'INVOICE#inv_abc',
  sk: 'INVOICE',
  gsi1pk: 'SELLER#atelier-dupont',
  gsi1sk: 'FA-2026-0012',
};
const context = JSON.stringify(['invoices', 'atelier-dupont', null, null]);

describe('pagination cursors', () => {
  it('should open what it sealed, with the same filters', () => {
    const cursor = sealCursor(position, context, ['k1']);
    expect(openCursor(cursor, context, ['k1'])).toEqual(position);
  });

  it('should not show the position to the client', () => {
    const cursor = sealCursor(position, context, ['k1']);
    const decoded = Buffer.from(cursor, 'base64url').toString('latin1');
    expect(decoded).not.toContain('atelier-dupont');
    expect(decoded).not.toContain('FA-2026');
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
  });

  it('should refuse a cursor with any byte changed', () => {
    const cursor = sealCursor(position, context, ['k1']);
    const bytes = Buffer.from(cursor, 'base64url');
    fc.assert(
      fc.property(fc.nat(bytes.length - 1), fc.integer({ min: 1, max: 255 }), (index, flip) => {
        const altered = Buffer.from(bytes);
        altered[index] = (altered[index] as number) ^ flip;
        expect(() => openCursor(altered.toString('base64url'), context, ['k1'])).toThrow(InvalidCursorError);
      }),
    );
  });

  it('should refuse a cursor used with other filters or sealed with another key', () => {
    const cursor = sealCursor(position, context, ['k1']);
    const otherFilters = JSON.stringify(['invoices', 'atelier-dupont', 'paid', null]);
    expect(() => openCursor(cursor, otherFilters, ['k1'])).toThrow(InvalidCursorError);
    expect(() => openCursor(cursor, context, ['k2'])).toThrow(InvalidCursorError);
  });

  it('should keep opening cursors sealed before a rotation while the old key is listed', () => {
    const before = sealCursor(position, context, ['old']);
    expect(openCursor(before, context, ['new', 'old'])).toEqual(position);
  });

  it('should refuse anything that is not a cursor', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (value) => {
        expect(() => openCursor(value, context, ['k1'])).toThrow(InvalidCursorError);
      }),
    );
  });
});
