import { createHmac, timingSafeEqual } from 'node:crypto';
import { INVOICE_ID_PATTERN } from './ids';

/**
 * Reply tokens: the opaque part of the `/r/{token}` link in every customer reminder.
 *
 * Binary layout, then base64url (59 characters, no padding):
 *   version (1 byte) · step (1 byte, index in REPLY_STEPS) · expiry (4 bytes, Unix seconds, big-endian)
 *   · the 22-character hash part of the invoice id (ASCII) · HMAC-SHA256 of all that, first 16 bytes.
 * The invoice id is itself a hash of seller and number, so the token carries no personal data; only a
 * holder of the secret can mint one, and changing any character breaks the MAC.
 */
export const REPLY_STEPS = [
  'courtesy_reminder',
  'first_reminder',
  'second_reminder',
  'formal_notice',
] as const;
export type ReplyStep = (typeof REPLY_STEPS)[number];

/** A reply link works for 60 days after the reminder was sent. */
export const REPLY_TOKEN_DAYS = 60;

const VERSION = 1;
const ID_PREFIX = 'inv_';
const ID_CHARS = 22;
const MAC_BYTES = 16;
const PAYLOAD_BYTES = 1 + 1 + 4 + ID_CHARS;
const TOKEN_BYTES = PAYLOAD_BYTES + MAC_BYTES;
/** base64url of TOKEN_BYTES (44) bytes, no padding. */
export const REPLY_TOKEN_PATTERN = /^[A-Za-z0-9_-]{59}$/;

export interface ReplyGrant {
  readonly invoiceId: string;
  readonly step: ReplyStep;
  /** Instant after which the link no longer works. */
  readonly expiresAt: Date;
}

/** Why a token was refused: `invalid` (malformed, tampered, unknown secret) or `expired`. */
export class ReplyTokenError extends Error {
  readonly reason: 'invalid' | 'expired';

  constructor(reason: 'invalid' | 'expired') {
    super(reason === 'expired' ? 'The reply link has expired.' : 'The reply link is not valid.');
    this.name = 'ReplyTokenError';
    this.reason = reason;
  }
}

export function isReplyStep(value: string): value is ReplyStep {
  return (REPLY_STEPS as readonly string[]).includes(value);
}

function mac(secret: string, payload: Buffer): Buffer {
  return createHmac('sha256', secret).update(payload).digest().subarray(0, MAC_BYTES);
}

/** Mints the token of one reminder; `secrets[0]` signs (the others only verify, during a rotation). */
export function signReplyToken(
  grant: { invoiceId: string; step: ReplyStep; sentAt: Date },
  secrets: readonly string[],
): string {
  const secret = secrets[0];
  if (!secret) throw new Error('No reply secret configured');
  if (!INVOICE_ID_PATTERN.test(grant.invoiceId)) throw new Error('Not an invoice id');
  const payload = Buffer.alloc(PAYLOAD_BYTES);
  payload.writeUInt8(VERSION, 0);
  payload.writeUInt8(REPLY_STEPS.indexOf(grant.step), 1);
  const expiry = Math.floor(grant.sentAt.getTime() / 1000) + REPLY_TOKEN_DAYS * 86_400;
  payload.writeUInt32BE(expiry, 2);
  payload.write(grant.invoiceId.slice(ID_PREFIX.length), 6, 'ascii');
  return Buffer.concat([payload, mac(secret, payload)]).toString('base64url');
}

/**
 * Checks a token against every current secret (constant-time) and its expiry at `now`.
 * Throws ReplyTokenError; never anything else, whatever the input.
 */
export function verifyReplyToken(token: string, secrets: readonly string[], now: Date): ReplyGrant {
  if (typeof token !== 'string' || !REPLY_TOKEN_PATTERN.test(token)) throw new ReplyTokenError('invalid');
  const bytes = Buffer.from(token, 'base64url');
  // base64url decoding ignores stray bits: re-encoding must give the same text, or it was altered.
  if (bytes.length !== TOKEN_BYTES || bytes.toString('base64url') !== token) {
    throw new ReplyTokenError('invalid');
  }
  const payload = bytes.subarray(0, PAYLOAD_BYTES);
  const given = bytes.subarray(PAYLOAD_BYTES);
  const signed = secrets.some((secret) => secret.length > 0 && timingSafeEqual(mac(secret, payload), given));
  if (!signed) throw new ReplyTokenError('invalid');
  const step = REPLY_STEPS[payload.readUInt8(1)];
  const invoiceId = `${ID_PREFIX}${payload.toString('ascii', 6, PAYLOAD_BYTES)}`;
  if (payload.readUInt8(0) !== VERSION || step === undefined || !INVOICE_ID_PATTERN.test(invoiceId)) {
    throw new ReplyTokenError('invalid');
  }
  const expiresAt = new Date(payload.readUInt32BE(2) * 1000);
  if (expiresAt.getTime() <= now.getTime()) throw new ReplyTokenError('expired');
  return { invoiceId, step, expiresAt };
}
