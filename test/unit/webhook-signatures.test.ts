import { describe, expect, it } from 'vitest';
import {
  parseSignatureHeader,
  SignatureError,
  signPayload,
  verifySignature,
} from '../../functions/webhooks/signatures';

const body = '{"eventId":"evt_1","type":"payment.succeeded"}';
const now = new Date('2026-11-25T10:00:00Z');
const t = Math.floor(now.getTime() / 1000);

describe('verifySignature', () => {
  it('should accept a signature made with the secret over t.rawBody', () => {
    expect(() =>
      verifySignature({ header: signPayload('s3cret', body, t), rawBody: body, secrets: ['s3cret'], now }),
    ).not.toThrow();
  });

  it('should reject a body changed by a single byte', () => {
    const header = signPayload('s3cret', body, t);
    expect(() => verifySignature({ header, rawBody: `${body} `, secrets: ['s3cret'], now })).toThrow(
      SignatureError,
    );
  });

  it('should reject a signature made with another secret', () => {
    const header = signPayload('other', body, t);
    expect(() => verifySignature({ header, rawBody: body, secrets: ['s3cret'], now })).toThrow(
      'no signature matches',
    );
  });

  it('should accept any of several v1 signatures and any of several secrets (rotation)', () => {
    const good = signPayload('new-secret', body, t).split(',')[1];
    const header = `t=${t},v1=${'0'.repeat(64)},${good}`;
    expect(() =>
      verifySignature({ header, rawBody: body, secrets: ['old-secret', 'new-secret'], now }),
    ).not.toThrow();
  });

  it('should reject a timestamp more than 300 s away from the service clock, in both directions', () => {
    for (const skew of [-301, 301]) {
      const header = signPayload('s3cret', body, t + skew);
      expect(() => verifySignature({ header, rawBody: body, secrets: ['s3cret'], now })).toThrow(/300 s/);
    }
    expect(() =>
      verifySignature({
        header: signPayload('s3cret', body, t - 300),
        rawBody: body,
        secrets: ['s3cret'],
        now,
      }),
    ).not.toThrow();
  });
});

describe('parseSignatureHeader', () => {
  it('should reject missing or malformed headers', () => {
    expect(() => parseSignatureHeader(undefined)).toThrow(SignatureError);
    expect(() => parseSignatureHeader('v1=abc')).toThrow(/t=/);
    expect(() => parseSignatureHeader(`t=${t},v1=nothex`)).toThrow(/v1=/);
  });

  it('should ignore unknown schemes such as v0', () => {
    const parsed = parseSignatureHeader(`t=${t},v0=${'a'.repeat(64)},v1=${'B'.repeat(64)}`);
    expect(parsed).toEqual({ timestamp: t, signatures: ['b'.repeat(64)] });
  });
});
