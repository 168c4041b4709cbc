import { DateTime } from 'luxon';
import * as z from 'zod';
import { addDays, type SendWindow, sendingDayOnOrAfter } from './calendar';

/**
 * What a customer may answer from the reply page of a reminder, and what each answer does to the
 * cadence. Pure: the handler supplies the seller-local date `today` and the seller's calendar.
 */
export const REPLY_ACTIONS = ['paid', 'promise', 'dispute', 'plan', 'question'] as const;
export type ReplyAction = (typeof REPLY_ACTIONS)[number];

export const DISPUTE_REASONS = [
  'not_received',
  'defective',
  'wrong_amount',
  'already_paid',
  'other',
] as const;
export type DisputeReason = (typeof DISPUTE_REASONS)[number];

/** A promised date may be at most this many calendar days after today. */
export const MAX_PROMISE_DAYS = 30;
/** A declared payment pauses the cadence for this many business days (time for the money to arrive). */
export const DECLARED_PAYMENT_BUSINESS_DAYS = 5;
export const MAX_MESSAGE_CHARS = 2000;
export const MAX_REFERENCE_CHARS = 100;
export const MIN_INSTALLMENTS = 2;
export const MAX_INSTALLMENTS = 6;

// Free text keeps line breaks and tabs; other control characters are refused.
// biome-ignore lint/suspicious/noControlCharactersInRegex: the point is to match control characters.
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/** HTML forms send empty strings for untouched fields: those mean "not given". */
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => (value === '' ? undefined : value), schema.optional());

const freeText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .refine((value) => !CONTROL.test(value));

const realDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .refine((value) => DateTime.fromISO(value, { zone: 'UTC' }).isValid);

/** The form of each action, checked against the seller-local date `today` (`YYYY-MM-DD`). */
export function replyFormSchema(today: string) {
  const latestPromise = addDays(today, MAX_PROMISE_DAYS);
  return z.discriminatedUnion('action', [
    z.strictObject({
      action: z.literal('paid'),
      paidOn: optional(realDate.refine((value) => value <= today)),
      reference: optional(freeText(MAX_REFERENCE_CHARS).refine((value) => !/[\r\n]/.test(value))),
    }),
    z.strictObject({
      action: z.literal('promise'),
      promisedOn: realDate.refine((value) => value >= today && value <= latestPromise),
    }),
    z.strictObject({
      action: z.literal('dispute'),
      reason: z.enum(DISPUTE_REASONS),
      message: optional(freeText(MAX_MESSAGE_CHARS)),
    }),
    z.strictObject({
      action: z.literal('plan'),
      installments: z.coerce.number().int().min(MIN_INSTALLMENTS).max(MAX_INSTALLMENTS),
    }),
    z.strictObject({
      action: z.literal('question'),
      message: freeText(MAX_MESSAGE_CHARS).min(1),
    }),
  ]);
}

export type ReplyForm = z.output<ReturnType<typeof replyFormSchema>>;

/** The fields of a form that were refused (names of the form's inputs), or `action` when unknown. */
export type ReplyFormResult =
  | { readonly ok: true; readonly reply: ReplyForm }
  | { readonly ok: false; readonly action?: ReplyAction; readonly fields: readonly string[] };

/**
 * Parses an `application/x-www-form-urlencoded` body. Repeated or unknown fields are refused, so a
 * crafted body cannot smuggle anything past the schema.
 */
export function parseReplyForm(body: string, today: string): ReplyFormResult {
  const values: Record<string, string> = {};
  for (const [key, value] of new URLSearchParams(body)) {
    if (Object.hasOwn(values, key)) return { ok: false, fields: [key] };
    values[key] = value;
  }
  const action = (REPLY_ACTIONS as readonly string[]).includes(values.action ?? '')
    ? (values.action as ReplyAction)
    : undefined;
  if (action === undefined) return { ok: false, fields: ['action'] };
  const result = replyFormSchema(today).safeParse(values);
  if (result.success) return { ok: true, reply: result.data };
  const fields = [...new Set(result.error.issues.map((issue) => String(issue.path[0] ?? 'action')))];
  return { ok: false, action, fields };
}

/** The pause reasons customer answers lead to (also accepted by `POST /invoices/{id}/pause`). */
export type ReplyPauseReason = 'payment_declared' | 'promise_to_pay' | 'dispute' | 'payment_plan';

export interface ReplyEffect {
  /** Pause the cadence (`until` absent: until a person resumes it). */
  readonly pause?: { readonly reason: ReplyPauseReason; readonly until?: string };
  /** Tell the seller's contact by email. */
  readonly notifySeller: boolean;
}

/** Business days of the seller's holiday calendar, whatever its send window says. */
function businessDays(window: SendWindow): SendWindow {
  return { ...window, businessDaysOnly: true };
}

/** The `n`-th business day after `isoDate`. */
export function addBusinessDays(isoDate: string, n: number, window: SendWindow): string {
  let day = isoDate;
  for (let i = 0; i < n; i += 1) day = sendingDayOnOrAfter(addDays(day, 1), businessDays(window));
  return day;
}

/**
 * What an answer does:
 * - `paid`: pause `payment_declared` until 5 business days later (then the cadence resumes by itself
 *   unless the payment arrived), seller told;
 * - `promise`: pause `promise_to_pay` until the business day after the promised date, seller not told
 *   (the promise is on the invoice's timeline);
 * - `dispute`: pause `dispute` with no end (a person must look), seller told with the message;
 * - `plan`: pause `payment_plan` with no end (the seller decides on the plan), seller told;
 * - `question`: seller told, nothing paused.
 */
export function replyEffect(reply: ReplyForm, today: string, window: SendWindow): ReplyEffect {
  switch (reply.action) {
    case 'paid':
      return {
        pause: {
          reason: 'payment_declared',
          until: addBusinessDays(today, DECLARED_PAYMENT_BUSINESS_DAYS, window),
        },
        notifySeller: true,
      };
    case 'promise':
      return {
        pause: { reason: 'promise_to_pay', until: addBusinessDays(reply.promisedOn, 1, window) },
        notifySeller: false,
      };
    case 'dispute':
      return { pause: { reason: 'dispute' }, notifySeller: true };
    case 'plan':
      return { pause: { reason: 'payment_plan' }, notifySeller: true };
    case 'question':
      return { notifySeller: true };
  }
}

/**
 * Whether a pause caused by a customer's answer replaces the invoice's current pause. An open-ended
 * pause (a dispute, or one a person set) is never lifted by the customer; between two dated pauses the
 * later end wins, so a second answer cannot bring reminders back sooner.
 */
export function supersedesPause(
  current: { readonly until?: string } | undefined,
  next: { readonly until?: string },
): boolean {
  if (current === undefined) return true;
  if (current.until === undefined) return false;
  if (next.until === undefined) return true;
  return next.until > current.until;
}
