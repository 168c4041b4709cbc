import { describe, expect, it } from 'vitest';
import { derivePayerProfile, resolvePayerProfile } from '../../functions/core/tone';

describe('derivePayerProfile', () => {
  it('should be standard without history', () => {
    expect(derivePayerProfile([])).toBe('standard');
  });

  it('should be good for a customer who pays on time', () => {
    expect(
      derivePayerProfile([
        { daysLate: -2, settled: true },
        { daysLate: 3, settled: true },
      ]),
    ).toBe('good');
  });

  it('should need two settled invoices before calling a customer good', () => {
    expect(derivePayerProfile([{ daysLate: 0, settled: true }])).toBe('standard');
  });

  it('should be bad when one invoice went 45 days late', () => {
    expect(
      derivePayerProfile([
        { daysLate: 0, settled: true },
        { daysLate: 0, settled: true },
        { daysLate: 45, settled: true },
      ]),
    ).toBe('bad');
  });

  it('should be bad with two unpaid invoices past due', () => {
    expect(
      derivePayerProfile([
        { daysLate: 3, settled: false },
        { daysLate: 1, settled: false },
      ]),
    ).toBe('bad');
  });

  it('should be bad when the average lateness exceeds 20 days', () => {
    expect(
      derivePayerProfile([
        { daysLate: 25, settled: true },
        { daysLate: 20, settled: true },
      ]),
    ).toBe('bad');
  });

  it('should be standard for occasional lateness', () => {
    expect(
      derivePayerProfile([
        { daysLate: 12, settled: true },
        { daysLate: 2, settled: true },
        { daysLate: 20, settled: true },
      ]),
    ).toBe('standard');
  });
});

describe('resolvePayerProfile', () => {
  it('should prefer the profile given by the accounting system', () => {
    expect(resolvePayerProfile('good', [{ daysLate: 90, settled: false }])).toBe('good');
    expect(resolvePayerProfile(undefined, [{ daysLate: 90, settled: false }])).toBe('bad');
  });
});
