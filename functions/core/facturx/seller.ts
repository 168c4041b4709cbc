import type { FieldIssue } from '../errors';

/**
 * The document must come from the seller it is registered for: its SIREN (BT-30) or VAT number
 * (BT-31) must be the seller profile's. A Factur-X of another company is refused, whoever posts it.
 */

export interface SellerIdentity {
  readonly siren?: string;
  readonly vatNumber?: string;
}

/** Problems with the document's seller identity against the profile (empty when it matches). */
export function sellerIdentityProblems(document: SellerIdentity, profile: SellerIdentity): FieldIssue[] {
  const problems: FieldIssue[] = [];
  if (document.siren === undefined && document.vatNumber === undefined) {
    return [
      { path: 'pdf', message: 'the Factur-X document names no seller SIREN (BT-30) nor VAT number (BT-31)' },
    ];
  }
  if (document.siren !== undefined && document.siren !== profile.siren) {
    problems.push({
      path: 'pdf',
      message: `the document's seller SIREN (BT-30) ${document.siren} is not this seller's`,
    });
  }
  if (document.vatNumber !== undefined) {
    const vat = document.vatNumber;
    // A French VAT number ends with the SIREN; compare that when the profile has no VAT number.
    const matches = profile.vatNumber
      ? vat === profile.vatNumber
      : /^FR[0-9A-Z]{2}\d{9}$/.test(vat) && vat.slice(4) === profile.siren;
    if (!matches) {
      problems.push({
        path: 'pdf',
        message: `the document's seller VAT number (BT-31) ${vat.slice(0, 20)} is not this seller's`,
      });
    }
  }
  return problems;
}
