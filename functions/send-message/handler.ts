import { randomUUID } from 'node:crypto';
import * as z from 'zod/mini';
import { MESSAGE_STEPS } from '../core/steps';
import { now } from '../shared/clock';
import { loadConfig } from '../shared/config';
import { S3Documents } from '../shared/documents-s3';
import { logger } from '../shared/logger';
import { secretValues } from '../shared/secrets';
import { SesMailer } from '../shared/ses-mailer';
import { type ClaimKey, Store } from '../shared/store';
import { parseTaskInput } from '../shared/task-input';
import { postalLetters, tableContactDays } from './adapters';
import type { SenderRuntime } from './claims';
import type { SendDeps } from './ports';
import { sendStep } from './send';

// zod/mini here: this function validates nothing else, and classic zod would add 430 KB to its bundle.
const config = loadConfig({
  TABLE_NAME: z.string().check(z.minLength(1)),
  INVOICES_BUCKET: z.string().check(z.minLength(1)),
  SES_CONFIGURATION_SET: z.string().check(z.minLength(1)),
  // Base URL of the public API: reminders link to `<REPLY_BASE_URL>/r/<token>`.
  REPLY_BASE_URL: z.url(),
  // The reply-link key: a Secrets Manager ARN in AWS, the value itself locally.
  REPLY_SECRET_ARN: z.optional(z.string()),
  DUNNING_REPLY_SECRET: z.optional(z.string()),
  // The function's own timeout: a claim older than this (in real time) has no living sender.
  SEND_TIMEOUT_SECONDS: z.coerce.number().check(z.positive()),
  // Set by the local twin only: its one process is the only sender of its data.
  SOLE_SENDER: z.optional(z.enum(['true', 'false'])),
});

const replies = {
  baseUrl: config.REPLY_BASE_URL,
  secrets: () => secretValues({ arn: config.REPLY_SECRET_ARN, value: config.DUNNING_REPLY_SECRET }),
};

const store = new Store(config.TABLE_NAME);

/** This execution environment (a new one after every crash or cold start). */
const runtime: SenderRuntime = {
  id: randomUUID(),
  maxSendMs: config.SEND_TIMEOUT_SECONDS * 1000,
  soleSender: config.SOLE_SENDER === 'true',
  wallNowMs: Date.now,
  sending: new Set(),
};

/** Every send mails: one SES client for the messages and the seller alerts alike. */
const mailer = new SesMailer(config.SES_CONFIGURATION_SET);

/** The send's ports, built once per execution environment. */
const deps: SendDeps = {
  store,
  documents: new S3Documents(config.INVOICES_BUCKET),
  mailer,
  letters: postalLetters({ store, bucketName: config.INVOICES_BUCKET, mailer, now }),
  contactDays: tableContactDays(store, runtime),
  now,
  apiUrl: config.REPLY_BASE_URL,
  replies,
  runtime,
};

const inputSchema = z.object({
  invoiceId: z.string().check(z.minLength(1)),
  step: z.enum(MESSAGE_STEPS),
  // Installment reminders: which installment and phase (`installment_2_after`), checked by sendStep.
  key: z.optional(z.string().check(z.maxLength(40))),
});

/**
 * `Send <step>` / `Escalate to finance team` / `Send thank-you`: claim, render, send through SES v2,
 * record. Exactly once per invoice and step (see `sendStep`).
 */
export const handler = async (payload: unknown) => {
  const input = parseTaskInput(inputSchema, payload);
  const result = await sendStep(
    deps,
    input.invoiceId,
    input.step,
    input.key === undefined ? {} : { installmentKey: input.key as ClaimKey },
  );
  logger.info('Send step finished', {
    invoiceId: input.invoiceId,
    step: input.step,
    outcome: result.outcome,
  });
  return result;
};
