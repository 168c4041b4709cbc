import { describe, expect, it } from 'vitest';
import {
  addMonths,
  claimDeclarationDeadline,
  claimDeclarationMonths,
  outsideMetropolitanFrance,
} from '../../functions/core/insolvency';

describe('addMonths (art. 641 Code de procédure civile)', () => {
  it('should end on the same day number of the last month', () => {
    expect(addMonths('2026-10-15', 2)).toBe('2026-12-15');
    expect(addMonths('2026-11-30', 2)).toBe('2027-01-30');
  });

  it("should end on the month's last day when it has no such day", () => {
    expect(addMonths('2026-12-31', 2)).toBe('2027-02-28');
    expect(addMonths('2027-12-31', 2)).toBe('2028-02-29');
    expect(addMonths('2026-12-30', 4)).toBe('2027-04-30');
  });

  it('should cross years', () => {
    expect(addMonths('2026-11-15', 4)).toBe('2027-03-15');
  });
});

describe('outsideMetropolitanFrance (art. R622-24)', () => {
  it('should tell metropolitan creditors, Corsica included, from overseas and foreign ones', () => {
    expect(outsideMetropolitanFrance({ country: 'FR', postalCode: '69003' })).toBe(false);
    expect(outsideMetropolitanFrance({ country: 'FR', postalCode: '20000' })).toBe(false);
    expect(outsideMetropolitanFrance({ country: 'FR', postalCode: '97400' })).toBe(true);
    expect(outsideMetropolitanFrance({ country: 'FR', postalCode: '98800' })).toBe(true);
    expect(outsideMetropolitanFrance({ country: 'BE', postalCode: '1000' })).toBe(true);
  });

  it('should give two months, or four outside metropolitan France', () => {
    expect(claimDeclarationMonths(false)).toBe(2);
    expect(claimDeclarationMonths(true)).toBe(4);
  });
});

describe('claimDeclarationDeadline (art. L622-24 and R622-24 Code de commerce)', () => {
  it('should give two months from the BODACC publication', () => {
    expect(claimDeclarationDeadline('2026-10-15', false, 'FR')).toEqual({
      months: 2,
      deadline: '2026-12-15',
    });
  });

  it('should move a deadline ending on a weekend or a holiday to the next business day (art. 642 CPC)', () => {
    // Saturday 31 October → Sunday 1 November (a holiday) → Monday 2 November.
    expect(claimDeclarationDeadline('2026-08-31', false, 'FR').deadline).toBe('2026-11-02');
    // 31 December + 2 months = Sunday 28 February → Monday 1 March.
    expect(claimDeclarationDeadline('2026-12-31', false, 'FR').deadline).toBe('2027-03-01');
  });

  it('should give four months to a creditor outside metropolitan France', () => {
    expect(claimDeclarationDeadline('2026-10-15', true, 'FR')).toEqual({ months: 4, deadline: '2027-02-15' });
  });

  it('should count Good Friday as a holiday in Alsace-Moselle only', () => {
    // 2027-01-26 + 2 months = Friday 26 March 2027, Good Friday; Monday 29 is Easter Monday.
    expect(claimDeclarationDeadline('2027-01-26', false, 'FR').deadline).toBe('2027-03-26');
    expect(claimDeclarationDeadline('2027-01-26', false, 'FR-alsace-moselle').deadline).toBe('2027-03-30');
  });
});
