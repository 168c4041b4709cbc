import { isValidBIC, isValidIBAN } from 'ibantools';
import { DateTime } from 'luxon';
import * as z from 'zod';
import { DEFAULT_SEND_WINDOW, isKnownHolidayCalendar } from './calendar';
import { textProblem } from './json-guard';
import { MIN_NOTICE_DEADLINE_DAYS } from './legal-calendar';
import { isIsoCurrency } from './money';
import { penaltyRateProblem } from './rates';
import { cadenceProblems, DEFAULT_CADENCE } from './schedule';
import { DEFAULT_SPREAD_MINUTES, maxSpreadMinutes } from './spread';

/**
 * The request schemas of the public API: the single source of truth for validation, the
 * TypeScript types and the OpenAPI document. Objects are strict: unknown fields are rejected, so no
 * client can mass-assign `status`, `paidMinor` and the like.
 */

/** Amounts above this (10 billion in major units) are certainly a unit mistake, not an invoice. */
export const MAX_AMOUNT_MINOR = 1_000_000_000_000;
export const MAX_CC = 5;
/**
 * Inline PDFs up to 4 MB: base64 makes that ~5.4 MB of JSON, under Lambda's 6 MB synchronous payload
 * limit (a 5 MB PDF would not reach the function at all). Larger PDFs go through `pdf.s3Key`.
 */
export const MAX_PDF_BYTES = 4 * 1024 * 1024;

// Control characters (CR/LF, NUL, …) have no place in names, numbers or header values.
// biome-ignore lint/suspicious/noControlCharactersInRegex: the point is to match control characters.
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;

/** A single-line human string: trimmed, 1..max characters, no control characters. */
export const text = (max: number) =>
  z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(max, `must be at most ${max} characters`)
    .refine((value) => !CONTROL_CHARACTERS.test(value), 'must not contain control characters')
    .refine(
      (value) => textProblem(value) === undefined,
      'must not contain invisible or bidirectional controls',
    );

/**
 * Dates of invoices, payments, pauses and statements: this century only. A date in year 9999 is a
 * typo or an attack, and every computation over dates stays bounded.
 */
export const FIRST_DATE = '2000-01-01';
export const LAST_DATE = '2099-12-31';

/** A real calendar date `YYYY-MM-DD` (2026-02-29 is rejected, 2028-02-29 accepted), 2000 to 2099. */
export const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD')
  .refine((value) => DateTime.fromISO(value, { zone: 'UTC' }).isValid, 'must be a real calendar date')
  .refine(
    (value) => value >= FIRST_DATE && value <= LAST_DATE,
    `must be between ${FIRST_DATE} and ${LAST_DATE}`,
  );

/** An ISO 8601 instant with a time zone, e.g. `2026-11-20T10:15:00Z`, 2000 to 2099. */
export const isoInstant = z.iso.datetime({ offset: true }).refine((value) => {
  const time = Date.parse(value);
  if (Number.isNaN(time)) return false;
  const day = new Date(time).toISOString().slice(0, 10);
  return day >= FIRST_DATE && day <= LAST_DATE;
}, `must be between ${FIRST_DATE} and ${LAST_DATE}`);

export const email = z
  .string()
  .max(254, 'must be at most 254 characters')
  .refine((value) => !CONTROL_CHARACTERS.test(value), 'must not contain control characters')
  .pipe(z.email('must be an email address'));

export const httpsUrl = z
  .string()
  .max(2048)
  .refine((value) => {
    try {
      const url = new URL(value);
      return url.protocol === 'https:' && url.username === '' && url.password === '';
    } catch {
      return false;
    }
  }, 'must be an https: URL');

export const currency = z
  .string()
  .regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code')
  .refine(isIsoCurrency, 'must be an ISO 4217 currency');

export const amountMinor = z
  .number()
  .int('must be an integer number of minor units (cents)')
  .positive('must be positive')
  .max(MAX_AMOUNT_MINOR, `must be at most ${MAX_AMOUNT_MINOR}`);

export const sellerId = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, 'must be 1-63 lower-case letters, digits, "-" or "_"');

export const locale = z.enum(['fr', 'en']);
export const payerProfile = z.enum(['good', 'standard', 'bad']);
export const customerType = z.enum(['business', 'consumer']);

/** SIREN: 9 digits with a Luhn check digit (La Poste's 356000000 is the one historical exception). */
function isValidSiren(value: string): boolean {
  if (!/^\d{9}$/.test(value)) return false;
  if (value === '356000000') return true;
  let sum = 0;
  for (let index = 0; index < 9; index += 1) {
    let digit = Number(value[8 - index]);
    if (index % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

export const address = z.strictObject({
  line1: text(200),
  line2: text(200).optional(),
  postalCode: text(20),
  city: text(100),
  country: z.string().regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 country code'),
});

export const cadence = z
  .strictObject({
    courtesyReminder: z.number().int().min(-60).max(60),
    firstReminder: z.number().int().min(-60).max(180),
    secondReminder: z.number().int().min(-60).max(180),
    formalNotice: z.number().int().min(-60).max(240),
    noticeDeadlineDays: z
      .number()
      .int()
      .min(MIN_NOTICE_DEADLINE_DAYS, `must be at least ${MIN_NOTICE_DEADLINE_DAYS} days`)
      .max(60)
      .default(8),
  })
  .superRefine((value, context) => {
    for (const problem of cadenceProblems(value)) context.addIssue({ code: 'custom', message: problem });
  });

export const sendWindow = z
  .strictObject({
    timezone: z
      .string()
      .max(64)
      .refine((zone) => DateTime.now().setZone(zone).isValid, 'must be an IANA time zone'),
    hour: z.number().int().min(0).max(23),
    businessDaysOnly: z.boolean(),
    holidays: z
      .string()
      .max(10)
      .refine(isKnownHolidayCalendar, 'must be "none" or a holiday calendar such as "FR" or "FR-57"'),
    /** Minutes over which the sends of a day are spread after `hour` (0 = all at the opening). */
    spreadMinutes: z.number().int().min(0).default(DEFAULT_SPREAD_MINUTES),
  })
  .superRefine((value, context) => {
    // The window stays inside the local day, so a send never slips to the next (maybe non-business) day.
    if (value.spreadMinutes > maxSpreadMinutes(value.hour)) {
      context.addIssue({
        code: 'custom',
        path: ['spreadMinutes'],
        message: `must be at most ${maxSpreadMinutes(value.hour)} (the window ends at midnight)`,
      });
    }
  });

/** A contractual annual late-penalty rate in percent, at most 4 decimals. */
export const latePenalty = z.strictObject({
  annualRatePercent: z
    .number()
    .positive()
    .max(100)
    .refine((rate) => Math.abs(Math.round(rate * 10_000) - rate * 10_000) < 1e-6, 'at most 4 decimals'),
});

export const sellerSchema = z.strictObject({
  legalName: text(200),
  address,
  registration: z
    .strictObject({
      siren: z.string().refine(isValidSiren, 'must be a valid SIREN (9 digits, Luhn check)'),
      rcs: text(100).optional(),
      vatNumber: z
        .string()
        .regex(/^[A-Z]{2}[A-Z0-9]{2,13}$/, 'must be an intra-EU VAT number such as FR32123456789')
        .optional(),
    })
    .superRefine((registration, context) => {
      const vat = registration.vatNumber;
      // A French VAT number is FR + a 2-digit key + the SIREN, key = (12 + 3 × (SIREN mod 97)) mod 97.
      if (vat?.startsWith('FR') && /^FR\d{11}$/.test(vat) && isValidSiren(registration.siren)) {
        const expectedKey = (12 + 3 * (Number(registration.siren) % 97)) % 97;
        if (vat.slice(4) !== registration.siren || Number(vat.slice(2, 4)) !== expectedKey) {
          context.addIssue({
            code: 'custom',
            path: ['vatNumber'],
            message: 'must be the French VAT number of this SIREN (FR + key + SIREN)',
          });
        }
      }
    }),
  contact: z.strictObject({
    email,
    phone: z
      .string()
      .regex(/^\+?[0-9 ().-]{6,25}$/, 'must be a phone number')
      .optional(),
  }),
  sender: z.strictObject({
    fromEmail: email,
    // A display name that looks like an address ("Banque <admin@bank.fr>") would mislead the reader.
    fromName: text(100).refine((value) => !/[<>@"]/.test(value), 'must not contain <, >, @ or "'),
    replyTo: email,
  }),
  bank: z
    .strictObject({
      iban: z
        .string()
        .transform((value) => value.replace(/\s+/g, '').toUpperCase())
        .refine((value) => isValidIBAN(value), 'must be a valid IBAN (checksum)'),
      bic: z
        .string()
        .transform((value) => value.toUpperCase())
        .refine((value) => isValidBIC(value), 'must be a valid BIC'),
    })
    .optional(),
  /** Legal form printed after the legal name ("SARL", "SAS"…), art. R123-237 Code de commerce. */
  legalForm: text(40).optional(),
  /** Share capital in euro cents, printed as "au capital de 10 000 €" (art. R123-237). */
  shareCapitalMinor: z.number().int().min(0).max(MAX_AMOUNT_MINOR).optional(),
  /**
   * The contractual penalty rate printed on the seller's invoices; absent, the statutory rate (ECB + 10
   * points per half-year). Checked against the legal floor when set and at each registration.
   */
  latePenalty: latePenalty.optional(),
  /** When the principal is paid but penalties or the indemnity are not: waive them, or keep claiming them. */
  afterPrincipalPaid: z.enum(['waive', 'claim']).default('waive'),
  /**
   * One email per customer and day: a reminder takes along the customer's other invoices whose reminder
   * falls the same business day (docs/domain.md). `false`: one email per invoice, on separate days.
   */
  consolidate: z.boolean().default(true),
  cadence: cadence.default(DEFAULT_CADENCE),
  sendWindow: sendWindow.default({ ...DEFAULT_SEND_WINDOW, spreadMinutes: DEFAULT_SPREAD_MINUTES }),
  defaultLocale: locale.default('fr'),
});

export const pdfSource = z.union([
  z.strictObject({
    contentBase64: z
      .string()
      .max(
        Math.ceil(MAX_PDF_BYTES / 3) * 4 + 4,
        'the PDF must be at most 4 MB (use pdf.s3Key for larger files)',
      )
      .regex(/^[A-Za-z0-9+/]+={0,2}$/, 'must be base64'),
  }),
  z.strictObject({
    s3Key: z
      .string()
      .max(512)
      .regex(/^[A-Za-z0-9!_.*'()/-]+$/, 'must be an S3 key of safe characters')
      // One spelling per object: no empty, "." or ".." segments, no leading or trailing "/".
      .refine(
        (key) => key.split('/').every((segment) => segment !== '' && segment !== '.' && segment !== '..'),
        'must be a normalized key (no empty, "." or ".." segments)',
      ),
  }),
]);

/** Objects a seller's invoices may point at: its registered PDFs and its uploads. */
export function isSellerObjectKey(sellerId: string, key: string): boolean {
  return key.startsWith(`invoices/${sellerId}/`) || key.startsWith(`uploads/${sellerId}/`);
}

export const customerSchema = z.strictObject({
  id: text(64),
  name: text(200),
  companyName: text(200).optional(),
  type: customerType,
  email,
  cc: z.array(email).max(MAX_CC).default([]),
  locale: locale.optional(),
  payerProfile: payerProfile.optional(),
  address: address.optional(),
});

export const invoiceSchema = z
  .strictObject({
    sellerId,
    number: text(64),
    issueDate: isoDate,
    dueDate: isoDate,
    currency,
    totalMinor: amountMinor,
    customer: customerSchema,
    pdf: pdfSource,
    paymentLink: httpsUrl.optional(),
    purchaseOrder: text(64).optional(),
    /** The penalty rate this invoice printed; it wins over the seller's (terms fixed at registration). */
    latePenalty: latePenalty.optional(),
  })
  .superRefine((invoice, context) => {
    if (invoice.dueDate < invoice.issueDate) {
      context.addIssue({ code: 'custom', path: ['dueDate'], message: 'must not be before issueDate' });
    }
    const rate = invoice.latePenalty?.annualRatePercent;
    const problem = rate === undefined ? undefined : penaltyRateProblem(rate, invoice.issueDate);
    if (problem && invoice.customer.type === 'business') {
      context.addIssue({ code: 'custom', path: ['latePenalty', 'annualRatePercent'], message: problem });
    }
    // A consumer's formal notice is a letter with acknowledgement of receipt: it needs the postal address.
    if (invoice.customer.type === 'consumer' && !invoice.customer.address) {
      context.addIssue({
        code: 'custom',
        path: ['customer', 'address'],
        message:
          'is required for a consumer: the formal notice is a registered letter posted to this address',
      });
    }
  });

export const paymentSchema = z.strictObject({
  paymentId: text(128),
  amountMinor,
  paidAt: isoInstant.optional(),
  method: text(64).optional(),
});

export const PAUSE_REASONS = [
  'dispute',
  'promise_to_pay',
  'payment_plan',
  'payment_declared',
  'insolvency',
  'other',
] as const;

export const pauseSchema = z
  .strictObject({
    reason: z.enum(PAUSE_REASONS),
    until: isoDate.optional(),
    note: z.string().max(1000).optional(),
    /**
     * Insolvency only: the day the opening judgment was published in the BODACC, from which the claim
     * declaration deadline runs (art. R622-24 Code de commerce).
     */
    bodaccPublishedOn: isoDate.optional(),
  })
  .superRefine((pause, context) => {
    // Payments of earlier claims are forbidden once proceedings open (art. L622-7): no automatic resume.
    if (pause.reason === 'insolvency' && pause.until !== undefined) {
      context.addIssue({
        code: 'custom',
        path: ['until'],
        message: 'an insolvency pause never ends by itself: leave out until and resume by hand if ever',
      });
    }
    if (pause.reason !== 'insolvency' && pause.bodaccPublishedOn !== undefined) {
      context.addIssue({
        code: 'custom',
        path: ['bodaccPublishedOn'],
        message: 'only with reason insolvency',
      });
    }
  });

/**
 * `POST /invoices/{invoiceId}/contact`: the customer's new address (after a bounce, or any change). The
 * fields given replace the stored ones; the customer's id, type and locale stay.
 */
export const contactSchema = z.strictObject({
  email,
  cc: z.array(email).max(MAX_CC).optional(),
  name: text(200).optional(),
  companyName: text(200).optional(),
  address: address.optional(),
});

export const cancelSchema = z.strictObject({
  reason: z.enum(['credit_note', 'voided', 'written_off', 'other']),
  note: z.string().max(1000).optional(),
});

export const genericPaymentEventSchema = z.strictObject({
  eventId: text(128),
  type: z.literal('payment.succeeded'),
  invoiceId: z.string().max(64),
  paymentId: text(128),
  amountMinor,
  currency,
  paidAt: isoInstant,
});

export type SellerInput = z.input<typeof sellerSchema>;
export type Seller = z.output<typeof sellerSchema>;
export type InvoiceInput = z.input<typeof invoiceSchema>;
export type Invoice = z.output<typeof invoiceSchema>;
export type Customer = z.output<typeof customerSchema>;
export type PaymentInput = z.output<typeof paymentSchema>;
export type PauseInput = z.output<typeof pauseSchema>;
export type CancelInput = z.output<typeof cancelSchema>;
export type ContactInput = z.output<typeof contactSchema>;
export type GenericPaymentEvent = z.output<typeof genericPaymentEventSchema>;

/** zod issues in the API's `errors[]` shape (`path` as a JSON-pointer-like dotted path). */
export function toFieldIssues(error: z.ZodError): { path: string; message: string }[] {
  return error.issues.map((issue) => ({
    path: issue.path.length === 0 ? '' : issue.path.map(String).join('.'),
    message: issue.message,
  }));
}
