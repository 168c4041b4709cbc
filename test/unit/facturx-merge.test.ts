import { describe, expect, it } from 'vitest';
import type { FacturXFields } from '../../functions/core/facturx/cii';
import { completeWithDocument, missingFields } from '../../functions/core/facturx/merge';
import { sellerIdentityProblems } from '../../functions/core/facturx/seller';

const document: FacturXFields = {
  number: 'FA-2026-0042',
  issueDate: '2026-10-21',
  dueDate: '2026-11-20',
  currency: 'EUR',
  totalMinor: 123456,
  purchaseOrder: 'PO-7781',
  customer: { id: 'C-042', name: 'Marie Martin', companyName: 'Boulangerie Martin SARL', type: 'business' },
  latePenalty: { annualRatePercent: 12.15 },
};

describe('completeWithDocument', () => {
  it('should fill every field the request lacks and keep what it adds', () => {
    const { body, conflicts } = completeWithDocument(
      { sellerId: 'atelier-dupont', customer: { email: 'marie@boulangerie-martin.fr', locale: 'fr' } },
      document,
      true,
    );
    expect(conflicts).toEqual([]);
    expect(body).toEqual({
      sellerId: 'atelier-dupont',
      number: 'FA-2026-0042',
      issueDate: '2026-10-21',
      dueDate: '2026-11-20',
      currency: 'EUR',
      totalMinor: 123456,
      purchaseOrder: 'PO-7781',
      latePenalty: { annualRatePercent: 12.15 },
      customer: {
        id: 'C-042',
        name: 'Marie Martin',
        companyName: 'Boulangerie Martin SARL',
        type: 'business',
        email: 'marie@boulangerie-martin.fr',
        locale: 'fr',
      },
    });
    expect(missingFields(body)).toEqual([]);
  });

  it('should name each field that contradicts the document with its business term', () => {
    const { conflicts } = completeWithDocument(
      {
        number: 'FA-2026-0043',
        totalMinor: 100,
        customer: { name: 'Someone Else' },
        latePenalty: { annualRatePercent: 15 },
      },
      document,
      true,
    );
    expect(conflicts).toEqual([
      { path: 'number', message: 'differs from the Factur-X document (BT-1 says "FA-2026-0042")' },
      { path: 'totalMinor', message: 'differs from the Factur-X document (BT-115 says 123456)' },
      {
        path: 'customer.name',
        message: 'differs from the Factur-X document (BT-56 or BT-44 says "Marie Martin")',
      },
      { path: 'latePenalty', message: 'differs from the Factur-X document (BT-20 says 12.15)' },
    ]);
  });

  it('should accept the same values written differently, and a consumer the document cannot know about', () => {
    const { conflicts } = completeWithDocument(
      {
        number: ' FA-2026-0042 ',
        currency: 'eur',
        customer: { companyName: 'Boulangerie  Martin SARL', type: 'consumer' },
      },
      document,
      true,
    );
    expect(conflicts).toEqual([]);
  });

  it('should leave the printed rate out when invoices do not carry one', () => {
    expect(completeWithDocument({}, document, false).body.latePenalty).toBeUndefined();
  });
});

describe('missingFields', () => {
  it('should list every required field a request lacks', () => {
    expect(missingFields({ sellerId: 'atelier-dupont' })).toEqual([
      'number',
      'issueDate',
      'dueDate',
      'currency',
      'totalMinor',
      'customer.id',
      'customer.name',
      'customer.type',
      'customer.email',
    ]);
    expect(missingFields({ ...document, customer: { ...document.customer, email: 'a@b.fr' } })).toEqual([]);
  });
});

describe('sellerIdentityProblems', () => {
  const profile = { siren: '732829320', vatNumber: 'FR44732829320' };

  it('should accept the seller by SIREN, by VAT number, or by the SIREN inside a French VAT number', () => {
    expect(sellerIdentityProblems({ siren: '732829320' }, profile)).toEqual([]);
    expect(sellerIdentityProblems({ vatNumber: 'FR44732829320' }, profile)).toEqual([]);
    expect(sellerIdentityProblems({ vatNumber: 'FR44732829320' }, { siren: '732829320' })).toEqual([]);
  });

  it('should refuse another SIREN, another VAT number, or no identity at all', () => {
    expect(sellerIdentityProblems({ siren: '552100554' }, profile)[0]?.message).toMatch(/BT-30/);
    expect(sellerIdentityProblems({ vatNumber: 'DE123456789' }, profile)[0]?.message).toMatch(/BT-31/);
    expect(sellerIdentityProblems({}, profile)[0]?.message).toMatch(/names no seller/);
  });
});
