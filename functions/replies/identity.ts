import type { Locale } from '../core/money';
import type { Seller } from '../core/schemas';
import { legalIdentity } from '../send-message/copy-values';

/**
 * The seller's legal identity as the emails' footer prints it: designation (legal name, form and share
 * capital, art. R123-237 Code de commerce), address, registration.
 */
export function legalIdentityLines(seller: Seller, locale: Locale): string[] {
  const identity = legalIdentity({ seller, locale });
  return [`${identity.name} – ${identity.address.join(', ')}`, identity.registration.join(' · ')];
}
