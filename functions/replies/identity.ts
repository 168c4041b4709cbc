import type { Locale } from '../core/money';
import type { Seller } from '../core/schemas';
import { legalIdentity } from '../send-message/view';

/** The seller's legal identity as the emails' footer prints it (legal name and address, registration). */
export function legalIdentityLines(seller: Seller, locale: Locale): string[] {
  const identity = legalIdentity({ seller, locale });
  return [`${seller.legalName} – ${identity.address.join(', ')}`, identity.registration.join(' · ')];
}
