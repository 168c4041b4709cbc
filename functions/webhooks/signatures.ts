import { createHmac, timingSafeEqual } from 'node:crypto';

/** Webhook timestamps further than this from the service clock are rejected (replay window). */
export const SIGNATURE_TOLERANCE_SECONDS = 300;

export class SignatureError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SignatureError';
  }
}

/** Parses `t=…,v1=…,v1=…` (Dunning-Signature and Stripe-Signature share this shape). */
export function parseSignatureHeader(value: string | undefined): { timestamp: number; signatures: string[] } {
  if (!value) throw new SignatureError('missing signature header');
  let timestamp: number | undefined;
  const signatures: string[] = [];
  for (const part of value.split(',')) {
    const [name, ...rest] = part.trim().split('=');
    const content = rest.join('=');
    if (name === 't' && /^\d{1,12}$/.test(content)) timestamp = Number(content);
    if (name === 'v1' && /^[0-9a-f]{64}$/i.test(content)) signatures.push(content.toLowerCase());
  }
  if (timestamp === undefined) throw new SignatureError('signature header has no valid t=');
  if (signatures.length === 0) throw new SignatureError('signature header has no valid v1=');
  return { timestamp, signatures };
}

/**
 * Verifies `HMAC-SHA256(secret, t + "." + rawBody)` against every `v1` and every secret (rotation),
 * in constant time, and the timestamp against the service clock.
 */
export function verifySignature(options: {
  header: string | undefined;
  rawBody: string;
  secrets: readonly string[];
  now: Date;
  toleranceSeconds?: number;
}): void {
  const { timestamp, signatures } = parseSignatureHeader(options.header);
  const tolerance = options.toleranceSeconds ?? SIGNATURE_TOLERANCE_SECONDS;
  if (Math.abs(options.now.getTime() / 1000 - timestamp) > tolerance) {
    throw new SignatureError(`timestamp is more than ${tolerance} s away from the service clock`);
  }
  const payload = `${timestamp}.${options.rawBody}`;
  let valid = false;
  for (const secret of options.secrets) {
    const expected = createHmac('sha256', secret).update(payload, 'utf8').digest();
    for (const signature of signatures) {
      // Every comparison runs, whatever matched, so timing says nothing about which one did.
      if (timingSafeEqual(expected, Buffer.from(signature, 'hex'))) valid = true;
    }
  }
  if (!valid) throw new SignatureError('no signature matches');
}

/** Signs a payload like a sender would (tests, the demo and the README's curl example). */
export function signPayload(secret: string, rawBody: string, timestamp: number): string {
  const signature = createHmac('sha256', secret).update(`${timestamp}.${rawBody}`, 'utf8').digest('hex');
  return `t=${timestamp},v1=${signature}`;
}
