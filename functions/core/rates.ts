/**
 * The two public rates French late-payment law refers to, as dated data (one value per half-year).
 *
 * - The legal interest rate (taux de l'intérêt légal), "tous les autres cas" — the rate for a creditor
 *   acting for professional needs, which a seller always is. Fixed each half-year by an arrêté of the
 *   ministry of the economy from the Banque de France's computation (art. L313-2 and D313-1-A Code
 *   monétaire et financier). Used for the floor of contractual penalty rates (3 × this rate, art. L441-10
 *   Code de commerce) and for the interest owed by a consumer after a formal notice (art. 1231-6 and
 *   1344-1 Code civil).
 * - The ECB's main refinancing operations rate (fixed rate tenders) in force on 1 January and on 1 July:
 *   the statutory B2B penalty rate is that rate + 10 points, for the half-year that follows (art. L441-10).
 *
 * Adding a half-year (twice a year, late June and late December): append one entry to each table with
 * `from` = the first day of the half-year, the value, and where it was published; add a worked example
 * to test/unit/rates.test.ts. A half-year not listed yet uses the latest known value (and the earliest
 * one for dates before the tables start), so the service never stops on a missing publication.
 */

export interface HalfYearRate {
  /** First day of the half-year: `YYYY-01-01` or `YYYY-07-01`. */
  readonly from: string;
  /** Annual rate in percent, e.g. 2.62. */
  readonly ratePercent: number;
  /** Where the value was published. */
  readonly source: string;
}

const LEGAL_RATE_SOURCE =
  'Arrêté fixing the legal interest rate (Journal officiel), "pour tous les autres cas"';

/** Taux de l'intérêt légal, creditors acting for professional needs ("tous les autres cas"). */
export const LEGAL_INTEREST_RATES: readonly HalfYearRate[] = [
  { from: '2015-01-01', ratePercent: 0.93, source: `${LEGAL_RATE_SOURCE}, arrêté of 23 December 2014` },
  { from: '2015-07-01', ratePercent: 0.99, source: `${LEGAL_RATE_SOURCE}, arrêté of 24 June 2015` },
  { from: '2016-01-01', ratePercent: 1.01, source: `${LEGAL_RATE_SOURCE}, arrêté of 23 December 2015` },
  { from: '2016-07-01', ratePercent: 0.93, source: `${LEGAL_RATE_SOURCE}, June 2016` },
  { from: '2017-01-01', ratePercent: 0.9, source: `${LEGAL_RATE_SOURCE}, December 2016` },
  { from: '2017-07-01', ratePercent: 0.9, source: `${LEGAL_RATE_SOURCE}, June 2017` },
  { from: '2018-01-01', ratePercent: 0.89, source: `${LEGAL_RATE_SOURCE}, December 2017` },
  { from: '2018-07-01', ratePercent: 0.88, source: `${LEGAL_RATE_SOURCE}, arrêté of 27 June 2018` },
  { from: '2019-01-01', ratePercent: 0.86, source: `${LEGAL_RATE_SOURCE}, December 2018` },
  { from: '2019-07-01', ratePercent: 0.87, source: `${LEGAL_RATE_SOURCE}, June 2019` },
  { from: '2020-01-01', ratePercent: 0.87, source: `${LEGAL_RATE_SOURCE}, December 2019` },
  { from: '2020-07-01', ratePercent: 0.84, source: `${LEGAL_RATE_SOURCE}, June 2020` },
  { from: '2021-01-01', ratePercent: 0.79, source: `${LEGAL_RATE_SOURCE}, December 2020` },
  { from: '2021-07-01', ratePercent: 0.76, source: `${LEGAL_RATE_SOURCE}, June 2021` },
  { from: '2022-01-01', ratePercent: 0.76, source: `${LEGAL_RATE_SOURCE}, December 2021` },
  { from: '2022-07-01', ratePercent: 0.77, source: `${LEGAL_RATE_SOURCE}, June 2022` },
  { from: '2023-01-01', ratePercent: 2.06, source: `${LEGAL_RATE_SOURCE}, December 2022` },
  { from: '2023-07-01', ratePercent: 4.22, source: `${LEGAL_RATE_SOURCE}, arrêté of 27 June 2023` },
  { from: '2024-01-01', ratePercent: 5.07, source: `${LEGAL_RATE_SOURCE}, December 2023` },
  { from: '2024-07-01', ratePercent: 4.92, source: `${LEGAL_RATE_SOURCE}, June 2024` },
  { from: '2025-01-01', ratePercent: 3.71, source: `${LEGAL_RATE_SOURCE}, December 2024` },
  {
    from: '2025-07-01',
    ratePercent: 2.76,
    source: `${LEGAL_RATE_SOURCE}, arrêté of 19 June 2025 (JO 24 June 2025)`,
  },
  {
    from: '2026-01-01',
    ratePercent: 2.62,
    source: `${LEGAL_RATE_SOURCE}, arrêté of 15 December 2025 (JORF no. 0302, 26 December 2025)`,
  },
];

const ECB_SOURCE = 'ECB key interest rates, main refinancing operations (fixed rate)';

/** ECB main refinancing operations rate in force on the first day of each half-year. */
export const ECB_MAIN_REFINANCING_RATES: readonly HalfYearRate[] = [
  { from: '2015-01-01', ratePercent: 0.05, source: `${ECB_SOURCE}, 0.05 % since 10 September 2014` },
  { from: '2016-07-01', ratePercent: 0, source: `${ECB_SOURCE}, 0.00 % since 16 March 2016` },
  { from: '2023-01-01', ratePercent: 2.5, source: `${ECB_SOURCE}, 2.50 % since 21 December 2022` },
  { from: '2023-07-01', ratePercent: 4, source: `${ECB_SOURCE}, 4.00 % since 21 June 2023` },
  { from: '2024-01-01', ratePercent: 4.5, source: `${ECB_SOURCE}, 4.50 % since 20 September 2023` },
  { from: '2024-07-01', ratePercent: 4.25, source: `${ECB_SOURCE}, 4.25 % since 12 June 2024` },
  { from: '2025-01-01', ratePercent: 3.15, source: `${ECB_SOURCE}, 3.15 % since 18 December 2024` },
  { from: '2025-07-01', ratePercent: 2.15, source: `${ECB_SOURCE}, 2.15 % since 11 June 2025` },
  { from: '2026-01-01', ratePercent: 2.15, source: `${ECB_SOURCE}, 2.15 % since 11 June 2025` },
];

/** The statutory B2B penalty rate is the ECB rate plus this many points (art. L441-10 Code de commerce). */
export const STATUTORY_MARGIN_POINTS = 10;
/** A contractual penalty rate may not be lower than this multiple of the legal interest rate (L441-10). */
export const FLOOR_MULTIPLE = 3;

/** Rates are compared and added as integers of 1/10 000 of a percent: 2.62 → 26 200. */
const SCALE = 10_000;
const toScaled = (ratePercent: number): number => Math.round(ratePercent * SCALE);
const fromScaled = (scaled: number): number => scaled / SCALE;

/** First day of the half-year of a date: `2026-03-14` → `2026-01-01`, `2026-09-30` → `2026-07-01`. */
export function halfYearOf(isoDate: string): string {
  const year = isoDate.slice(0, 4);
  return Number(isoDate.slice(5, 7)) <= 6 ? `${year}-01-01` : `${year}-07-01`;
}

/** The entry in force for a date (latest known for future half-years, earliest for older dates). */
export function rateInForce(table: readonly HalfYearRate[], isoDate: string): HalfYearRate {
  const halfYear = halfYearOf(isoDate);
  let current = table[0] as HalfYearRate;
  for (const entry of table) {
    if (entry.from <= halfYear) current = entry;
    else break;
  }
  return current;
}

/** The legal interest rate (professional creditor) of a date's half-year. */
export function legalInterestRate(isoDate: string): number {
  return rateInForce(LEGAL_INTEREST_RATES, isoDate).ratePercent;
}

/** The statutory late-penalty rate of a date's half-year: ECB main refinancing rate + 10 points. */
export function statutoryPenaltyRate(isoDate: string): number {
  const ecb = rateInForce(ECB_MAIN_REFINANCING_RATES, isoDate).ratePercent;
  return fromScaled(toScaled(ecb) + STATUTORY_MARGIN_POINTS * SCALE);
}

/** The lowest lawful contractual penalty rate for an invoice issued on a date: 3 × the legal rate. */
export function penaltyRateFloor(issueDate: string): number {
  return fromScaled(FLOOR_MULTIPLE * toScaled(legalInterestRate(issueDate)));
}

/** `first half of 2026` / `second half of 2026`, for messages naming the floor. */
export function halfYearLabel(isoDate: string): string {
  const from = halfYearOf(isoDate);
  return `${from.endsWith('-01-01') ? 'first' : 'second'} half of ${from.slice(0, 4)}`;
}

/**
 * Why a contractual rate is unlawful for an invoice issued on `issueDate`, or undefined when it is not:
 * the message names the floor, the legal rate it comes from and the half-year.
 */
export function penaltyRateProblem(annualRatePercent: number, issueDate: string): string | undefined {
  const floor = penaltyRateFloor(issueDate);
  if (toScaled(annualRatePercent) >= toScaled(floor)) return undefined;
  return `must be at least ${floor} % (3 × the legal interest rate of ${legalInterestRate(issueDate)} % for the ${halfYearLabel(issueDate)}, art. L441-10 Code de commerce)`;
}
