/**
 * The dunning steps. The five cadence steps run in this order; `thank_you` is sent once on full payment;
 * `installment_reminder` only while a payment plan runs.
 * Step ids are part of the public contract (API schedule, SES message tags, state names).
 */
export const CADENCE_STEPS = [
  'courtesy_reminder',
  'first_reminder',
  'second_reminder',
  'formal_notice',
  'escalation',
] as const;

export type CadenceStep = (typeof CADENCE_STEPS)[number];

/** `installment_reminder`: a payment plan's reminder, before or after an installment (not a cadence step). */
export const MESSAGE_STEPS = [...CADENCE_STEPS, 'installment_reminder', 'thank_you'] as const;

export type MessageStep = (typeof MESSAGE_STEPS)[number];

/** Human labels used in state names ("Wait until first reminder") and in timelines. */
export const STEP_LABELS: Readonly<Record<MessageStep, string>> = {
  courtesy_reminder: 'courtesy reminder',
  first_reminder: 'first reminder',
  second_reminder: 'second reminder',
  formal_notice: 'formal notice',
  escalation: 'escalation',
  installment_reminder: 'installment reminder',
  thank_you: 'thank-you',
};

/** The cadence steps whose date is an offset in days from the due date (the escalation follows the notice). */
export const OFFSET_STEPS = [
  'courtesy_reminder',
  'first_reminder',
  'second_reminder',
  'formal_notice',
] as const;

export type OffsetStep = (typeof OFFSET_STEPS)[number];

/** Maps an offset step to the seller `cadence` key that sets its offset in days from the due date. */
export const CADENCE_KEYS = {
  courtesy_reminder: 'courtesyReminder',
  first_reminder: 'firstReminder',
  second_reminder: 'secondReminder',
  formal_notice: 'formalNotice',
} as const satisfies Record<OffsetStep, string>;

export function isCadenceStep(value: string): value is CadenceStep {
  return (CADENCE_STEPS as readonly string[]).includes(value);
}
