import { describe, expect, it } from 'vitest';
import {
  formatDate,
  formatMoney,
  formatPercent,
  minorUnitDigits,
  toDecimalString,
} from '../../functions/core/money';

// Intl uses a narrow no-break space (U+202F) between thousands and a no-break space (U+00A0) before €.
const normalizeSpaces = (value: string) => value.replace(/[\u202f\u00a0]/g, ' ');

describe('formatMoney', () => {
  it('should format euros the French way', () => {
    expect(normalizeSpaces(formatMoney(123456, 'EUR', 'fr'))).toBe('1 234,56 €');
  });

  it('should format euros for English readers', () => {
    expect(formatMoney(123456, 'EUR', 'en')).toBe('€1,234.56');
  });

  it('should keep every cent of large amounts exact', () => {
    expect(normalizeSpaces(formatMoney(999_999_999_999, 'EUR', 'fr'))).toBe('9 999 999 999,99 €');
    expect(formatMoney(1, 'EUR', 'en')).toBe('€0.01');
  });

  it('should respect currencies without or with three minor digits', () => {
    expect(formatMoney(1234, 'JPY', 'en')).toBe('JP¥1,234');
    expect(normalizeSpaces(formatMoney(1234, 'BHD', 'en'))).toBe('BHD 1.234');
  });
});

describe('toDecimalString', () => {
  it('should convert minor units to an exact decimal string', () => {
    expect(toDecimalString(123456, 'EUR')).toBe('1234.56');
    expect(toDecimalString(5, 'EUR')).toBe('0.05');
    expect(toDecimalString(-5, 'EUR')).toBe('-0.05');
    expect(toDecimalString(7, 'JPY')).toBe('7');
  });

  it('should refuse a non-integer amount', () => {
    expect(() => toDecimalString(12.5, 'EUR')).toThrow(RangeError);
  });

  it('should know the minor digits of a currency', () => {
    expect(minorUnitDigits('EUR')).toBe(2);
    expect(minorUnitDigits('JPY')).toBe(0);
  });
});

describe('formatDate and formatPercent', () => {
  it('should format dates per locale', () => {
    expect(formatDate('2026-11-20', 'fr')).toBe('20/11/2026');
    expect(formatDate('2026-11-20', 'en')).toBe('20 November 2026');
  });

  it('should format a rate per locale', () => {
    expect(normalizeSpaces(formatPercent(12.15, 'fr'))).toBe('12,15 %');
    expect(formatPercent(12.15, 'en')).toBe('12.15%');
  });
});
