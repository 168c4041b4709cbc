/**
 * Money is an integer number of minor units (cents for EUR) with an ISO 4217 currency, end to end.
 * Floats appear only inside Intl formatting, from an exact decimal string.
 */
export type Locale = 'fr' | 'en';

/** The BCP 47 tag used for formatting in each supported message locale. */
export const FORMAT_LOCALES: Readonly<Record<Locale, string>> = { fr: 'fr-FR', en: 'en-IE' };

const ISO_CURRENCIES = new Set(Intl.supportedValuesOf('currency'));

export function isIsoCurrency(code: string): boolean {
  return ISO_CURRENCIES.has(code);
}

/** Intl formatters cost tens of microseconds to build: keep one per locale and currency. */
const formatters = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();

function cached<T extends Intl.NumberFormat | Intl.DateTimeFormat>(key: string, create: () => T): T {
  let formatter = formatters.get(key) as T | undefined;
  if (!formatter) {
    formatter = create();
    formatters.set(key, formatter);
  }
  return formatter;
}

const digitsByCurrency = new Map<string, number>();

/** Number of minor-unit digits of a currency (EUR 2, JPY 0, BHD 3), read once per currency from Intl. */
export function minorUnitDigits(currency: string): number {
  let digits = digitsByCurrency.get(currency);
  if (digits === undefined) {
    digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions()
      .maximumFractionDigits as number;
    digitsByCurrency.set(currency, digits);
  }
  return digits;
}

/** Exact decimal string of an amount in minor units: 123456 EUR → "1234.56". */
export function toDecimalString(amountMinor: number, currency: string): string {
  if (!Number.isSafeInteger(amountMinor)) throw new RangeError(`Not an integer amount: ${amountMinor}`);
  const digits = minorUnitDigits(currency);
  const negative = amountMinor < 0;
  const text = Math.abs(amountMinor)
    .toString()
    .padStart(digits + 1, '0');
  const whole = digits === 0 ? text : text.slice(0, -digits);
  const fraction = digits === 0 ? '' : `.${text.slice(-digits)}`;
  return `${negative ? '-' : ''}${whole}${fraction}`;
}

/**
 * Formats an amount for a message locale: fr → `1 234,56 €`, en → `€1,234.56`.
 * `en` uses en-IE: English wording with the euro sign first, as an English-speaking EU customer reads it.
 */
export function formatMoney(amountMinor: number, currency: string, locale: Locale): string {
  const formatter = cached(`money:${locale}:${currency}`, () => {
    const digits = minorUnitDigits(currency);
    return new Intl.NumberFormat(FORMAT_LOCALES[locale], {
      style: 'currency',
      currency,
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
    });
  });
  // Intl accepts exact decimal strings, so no binary float rounding can creep in.
  return formatter.format(toDecimalString(amountMinor, currency) as unknown as number);
}

/** Formats a `YYYY-MM-DD` date for a message locale: fr → `20/11/2026`, en → `20 November 2026`. */
export function formatDate(isoDate: string, locale: Locale): string {
  const [year, month, day] = isoDate.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day));
  return cached(
    `date:${locale}`,
    () =>
      new Intl.DateTimeFormat(FORMAT_LOCALES[locale], {
        timeZone: 'UTC',
        ...(locale === 'fr' ? { day: '2-digit', month: '2-digit', year: 'numeric' } : { dateStyle: 'long' }),
      }),
  ).format(date);
}

/** Formats a percentage rate for a message locale: 12.15 → `12,15 %` (fr) or `12.15%` (en). */
export function formatPercent(ratePercent: number, locale: Locale): string {
  return cached(
    `percent:${locale}`,
    () =>
      new Intl.NumberFormat(FORMAT_LOCALES[locale], {
        style: 'percent',
        minimumFractionDigits: 0,
        maximumFractionDigits: 4,
      }),
  ).format(ratePercent / 100);
}
