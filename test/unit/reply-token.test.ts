import { describe, expect, it } from 'vitest';
import { invoiceIdFor } from '../../functions/core/ids';
import {
  REPLY_STEPS,
  REPLY_TOKEN_PATTERN,
  ReplyTokenError,
  signReplyToken,
  verifyReplyToken,
} from '../../functions/core/reply-token';

const invoiceId = invoiceIdFor('atelier-dupont', 'FA-2026-0012');
const sentAt = new Date('2026-11-12T08:00:00Z');
const SECRETS = ['local-reply-secret'];

function refusal(token: string, secrets = SECRETS, now = sentAt): string | undefined {
  try {
    verifyReplyToken(token, secrets, now);
    return undefined;
  } catch (error) {
    expect(error).toBeInstanceOf(ReplyTokenError);
    return (error as ReplyTokenError).reason;
  }
}

describe('reply tokens', () => {
  it('should bind the invoice, the step and an expiry 60 days after the send', () => {
    for (const step of REPLY_STEPS) {
      const token = signReplyToken({ invoiceId, step, sentAt }, SECRETS);
      expect(token).toMatch(REPLY_TOKEN_PATTERN);
      expect(verifyReplyToken(token, SECRETS, sentAt)).toEqual({
        invoiceId,
        step,
        expiresAt: new Date('2027-01-11T08:00:00Z'),
      });
    }
  });

  it('should carry no readable personal data (only the opaque invoice id hash)', () => {
    const token = signReplyToken({ invoiceId, step: 'first_reminder', sentAt }, SECRETS);
    const decoded = Buffer.from(token, 'base64url').toString('latin1');
    expect(decoded).not.toMatch(/FA-2026|atelier|dupont/i);
  });

  it('should refuse a token with any single character changed', () => {
    const token = signReplyToken({ invoiceId, step: 'formal_notice', sentAt }, SECRETS);
    for (let index = 0; index < token.length; index += 1) {
      const replacement = token[index] === 'A' ? 'B' : 'A';
      const changed = `${token.slice(0, index)}${replacement}${token.slice(index + 1)}`;
      expect(refusal(changed), `position ${index}`).toBe('invalid');
    }
  });

  it('should refuse an expired token, and one signed with another key', () => {
    const token = signReplyToken({ invoiceId, step: 'second_reminder', sentAt }, SECRETS);
    expect(refusal(token, SECRETS, new Date('2027-01-11T07:59:59Z'))).toBeUndefined();
    expect(refusal(token, SECRETS, new Date('2027-01-11T08:00:00Z'))).toBe('expired');
    expect(refusal(token, ['another-secret'])).toBe('invalid');
  });

  it('should accept tokens of the previous key during a rotation', () => {
    const token = signReplyToken({ invoiceId, step: 'courtesy_reminder', sentAt }, ['old-key']);
    expect(verifyReplyToken(token, ['new-key', 'old-key'], sentAt).invoiceId).toBe(invoiceId);
  });

  it('should refuse malformed input with ReplyTokenError only', () => {
    for (const token of ['', 'x', 'A'.repeat(59), `${'A'.repeat(58)}=`, '../../etc/passwd', 'é'.repeat(59)]) {
      expect(refusal(token)).toBe('invalid');
    }
  });
});
