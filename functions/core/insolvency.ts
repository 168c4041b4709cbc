import { businessDayOnOrAfter, type LegalCalendar } from './legal-calendar';

/**
 * Insolvency proceedings of the customer (procédure collective: sauvegarde, redressement or liquidation
 * judiciaire). From the opening judgment the debtor may no longer pay a claim born before it (art. L622-7
 * Code de commerce) and individual recovery actions stop (art. L622-21): dunning must stop for good. The
 * seller keeps its money only by declaring the claim to the mandataire judiciaire (the liquidator in a
 * liquidation) within the deadline below (art. L622-24 and R622-24 Code de commerce).
 */

/** Art. R622-24 al. 1 Code de commerce: two months from the BODACC publication of the opening judgment. */
export const CLAIM_DECLARATION_MONTHS = 2;
/** Art. R622-24 al. 1: two more months for creditors who do not live in metropolitan France. */
export const OUTSIDE_METROPOLITAN_FRANCE_EXTRA_MONTHS = 2;

/**
 * `YYYY-MM-DD` plus whole months, the way art. 641 Code de procédure civile counts a deadline in months:
 * it ends on the day of the last month with the same number as the starting day, or on that month's last
 * day when it has no such day (31 December + 2 months → 28 or 29 February).
 */
export function addMonths(isoDate: string, months: number): string {
  const [year, month, day] = isoDate.split('-').map(Number) as [number, number, number];
  const target = new Date(Date.UTC(year, month - 1 + months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(day, lastDay));
  return target.toISOString().slice(0, 10);
}

/**
 * Whether a creditor at this address does not live in metropolitan France (overseas departments and
 * communities have postal codes 97xxx/98xxx; any other country is abroad): its deadline is four months.
 */
export function outsideMetropolitanFrance(address: {
  readonly country: string;
  readonly postalCode: string;
}): boolean {
  return address.country !== 'FR' || /^9[78]/.test(address.postalCode.trim());
}

/** 2 months, or 4 for a creditor who does not live in metropolitan France (art. R622-24 al. 1). */
export function claimDeclarationMonths(creditorOutsideMetropolitanFrance: boolean): number {
  return (
    CLAIM_DECLARATION_MONTHS +
    (creditorOutsideMetropolitanFrance ? OUTSIDE_METROPOLITAN_FRANCE_EXTRA_MONTHS : 0)
  );
}

export interface ClaimDeclarationDeadline {
  /** Months from the publication: 2, or 4 outside metropolitan France (art. R622-24). */
  readonly months: number;
  /** The last day to declare: the publication date + months (art. 641 CPC), moved off a non-business day (art. 642 CPC). */
  readonly deadline: string;
}

/**
 * The last day to declare a claim to the mandataire: the BODACC publication date of the opening judgment
 * + 2 months (4 for a creditor outside metropolitan France), art. R622-24 Code de commerce, counted as
 * art. 641 Code de procédure civile counts months, and moved to the next business day when it ends on a
 * Saturday, a Sunday or a public holiday (art. 642). Worked example: published Thursday 2026-10-15 →
 * Tuesday 2026-12-15; published 2026-08-31 → Saturday 2026-10-31 → Monday 2026-11-02 (1 November is a
 * Sunday and a holiday); published 2026-12-31 → Sunday 2027-02-28 → Monday 2027-03-01.
 */
export function claimDeclarationDeadline(
  publishedOn: string,
  creditorOutsideMetropolitanFrance: boolean,
  calendar: LegalCalendar,
): ClaimDeclarationDeadline {
  const months = claimDeclarationMonths(creditorOutsideMetropolitanFrance);
  return { months, deadline: businessDayOnOrAfter(addMonths(publishedOn, months), calendar) };
}
