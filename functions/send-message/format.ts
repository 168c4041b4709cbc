import { FORMAT_LOCALES, formatMoney, formatPercent, type Locale } from '../core/money';

/**
 * Formats for the messages. Money and percentages are core/money's own (cached Intl formatters);
 * dates are assembled from the locale's month names, which is what Intl prints for these two patterns
 * at a fraction of the cost (the unit tests compare both on every day of two years).
 */

const countryNames = new Map<string, string>();

/** `formatMoney` of core/money (its Intl formatters are cached there): 123456 EUR → `1 234,56 €`. */
export const money = formatMoney;

/** `formatPercent` of core/money: 12.15 → `12,15 %` (fr) or `12.15%` (en). */
export const percent = formatPercent;

const monthNames = new Map<Locale, readonly string[]>();

/**
 * `formatDate`: `2026-11-20` → `20/11/2026` (fr) or `20 November 2026` (en). Assembled from the
 * locale's month names (read once from Intl), which is what Intl prints for these two patterns; the unit
 * tests compare it with `formatDate` on every day of two years.
 */
export function date(isoDate: string, locale: Locale): string {
  const year = isoDate.slice(0, 4);
  const month = isoDate.slice(5, 7);
  const day = isoDate.slice(8, 10);
  if (locale === 'fr') return `${day}/${month}/${year}`;
  let names = monthNames.get(locale);
  if (names === undefined) {
    const formatter = new Intl.DateTimeFormat(FORMAT_LOCALES[locale], { timeZone: 'UTC', month: 'long' });
    names = Array.from({ length: 12 }, (_, index) => formatter.format(new Date(Date.UTC(2000, index, 1))));
    monthNames.set(locale, names);
  }
  return `${Number(day)} ${names[Number(month) - 1]} ${year}`;
}

/** A share capital in euros, without cents when it is whole: 1000000 → `10 000 €` (fr), `€10,000` (en). */
export function shareCapital(minor: number, locale: Locale): string {
  const text = money(minor, 'EUR', locale);
  return minor % 100 === 0 ? text.replace(/[.,]00(?=\D*$)/, '') : text;
}

/** The name of an ISO 3166-1 country in the message locale: `FR` → `France`. */
export function countryName(code: string, locale: Locale): string {
  const key = `${locale}:${code}`;
  let name = countryNames.get(key);
  if (name === undefined) {
    name = new Intl.DisplayNames([FORMAT_LOCALES[locale]], { type: 'region' }).of(code) ?? code;
    // Bounded: there are about 250 region codes per locale.
    countryNames.set(key, name);
  }
  return name;
}

/** A SIREN as printed on French documents: `732829320` → `732 829 320`. */
export function siren(value: string): string {
  return /^\d{9}$/.test(value) ? `${value.slice(0, 3)} ${value.slice(3, 6)} ${value.slice(6)}` : value;
}

/** An IBAN in groups of four, as people copy it: `FR76 3000 6000 …`. */
export function iban(value: string): string {
  return value
    .replace(/\s+/g, '')
    .replace(/(.{4})(?=.)/g, '$1 ')
    .trim();
}
