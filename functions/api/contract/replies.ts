import * as z from 'zod';
import { DISPUTE_REASONS, MAX_INSTALLMENTS, MAX_MESSAGE_CHARS, MIN_INSTALLMENTS } from '../../core/replies';
import { REPLY_TOKEN_PATTERN, signReplyToken } from '../../core/reply-token';
import { invoiceViewExample } from './examples';
import { defineOperation, type ParameterSpec, type ResponseSpec } from './operation';

/**
 * The customer reply page (docs/replies.md), served by the replies function: HTML pages, a
 * form-encoded answer, no API key. Documented so that the reference lists every deployed route; the
 * form schema restates the fields (the handler checks dates against the seller's calendar as well).
 */

const tokenParameter: Record<'token', ParameterSpec> = {
  token: {
    description:
      'The signed token of the reply link in a reminder (opaque, expires 60 days after the reminder)',
    schema: z.string().regex(REPLY_TOKEN_PATTERN),
    // The link of the example invoice's first reminder, signed with the local default secret.
    example: signReplyToken(
      {
        invoiceId: invoiceViewExample.invoiceId,
        step: 'first_reminder',
        sentAt: new Date('2026-11-30T08:00:00Z'),
      },
      ['local-reply-secret'],
    ),
    required: true,
  },
};

const page = (description: string, example: string): ResponseSpec => ({
  description,
  content: { 'text/html': { schema: z.string().meta({ description: 'An HTML page' }), example } },
});

const PAGE_EXAMPLE =
  '<!doctype html><html lang="fr"><head><title>Facture FA-2026-0012</title></head><body>…</body></html>';
const INVALID_EXAMPLE =
  '<!doctype html><html lang="fr"><head><title>Lien non valide</title></head><body>…</body></html>';
const EXPIRED_EXAMPLE =
  '<!doctype html><html lang="fr"><head><title>Lien expiré</title></head><body>…</body></html>';

const errorPages = {
  404: page('Malformed or tampered token, or unknown invoice: an error page', INVALID_EXAMPLE),
  410: page('Expired token: an error page', EXPIRED_EXAMPLE),
} as const;

const date = z.iso.date();

/** The answer form (`application/x-www-form-urlencoded`), one variant per `action`. */
const replyForm = z.discriminatedUnion('action', [
  z.strictObject({
    action: z.literal('paid'),
    paidOn: date.optional().meta({ description: 'Not after today' }),
    reference: z.string().max(100).optional(),
  }),
  z.strictObject({
    action: z.literal('promise'),
    promisedOn: date.meta({ description: 'From today to 30 days ahead' }),
  }),
  z.strictObject({
    action: z.literal('dispute'),
    reason: z.enum(DISPUTE_REASONS),
    message: z.string().max(MAX_MESSAGE_CHARS).optional(),
  }),
  z.strictObject({
    action: z.literal('plan'),
    installments: z.int().min(MIN_INSTALLMENTS).max(MAX_INSTALLMENTS),
  }),
  z.strictObject({
    action: z.literal('question'),
    message: z.string().min(1).max(MAX_MESSAGE_CHARS),
  }),
]);

export const showReplyPage = defineOperation({
  method: 'GET',
  path: '/r/{token}',
  operationId: 'showReplyPage',
  tags: ['Replies'],
  summary: 'Reply page of a reminder',
  description:
    'The page a customer opens from a reminder: the invoice summary and one form per answer. Never changes anything (mail scanners open links). Answers HTML in the invoice locale.',
  target: 'replies',
  auth: 'token',
  pathParameters: tokenParameter,
  responses: { 200: page('The reply page', PAGE_EXAMPLE), ...errorPages },
  problems: [],
});

export const answerReply = defineOperation({
  method: 'POST',
  path: '/r/{token}',
  operationId: 'answerReply',
  tags: ['Replies'],
  summary: 'Answer a reminder',
  description:
    'One answer of the customer (`paid`, `promise`, `dispute`, `plan`, `question`), recorded once per reminder; pauses the cadence when the answer calls for it and tells the seller. Answers an HTML page.',
  target: 'replies',
  auth: 'token',
  pathParameters: tokenParameter,
  requestBody: {
    required: true,
    description: 'An HTML form post; repeated or unknown fields are refused',
    content: {
      'application/x-www-form-urlencoded': {
        schema: replyForm,
        example: { action: 'promise', promisedOn: '2026-12-15' },
      },
    },
  },
  responses: {
    200: page('The answer is recorded (or was already): a confirmation page', PAGE_EXAMPLE),
    400: page('Refused form: the page again, refused fields flagged; nothing written', PAGE_EXAMPLE),
    ...errorPages,
    409: page('The invoice is paid or cancelled: its page, nothing changed', PAGE_EXAMPLE),
    413: page('Form too large: an error page', INVALID_EXAMPLE),
    415: page('Not a form post: an error page', INVALID_EXAMPLE),
  },
  problems: [],
});
