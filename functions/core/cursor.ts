import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/**
 * Pagination cursors: the position in a listing (a table key) sealed with AES-256-GCM, the
 * listing's filters bound as associated data. A client can neither read the position (no table keys
 * or invoice numbers leak) nor alter it, nor replay it with other filters: any change fails the
 * authentication tag. Keys are derived (HKDF-SHA256) from the cursor secret; `secrets[0]` seals, every
 * value opens (rotation: a cursor sealed before the rotation keeps working while the old value stays).
 */

const VERSION = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const MAX_CURSOR_CHARS = 2048;

export type CursorPosition = Readonly<Record<string, string>>;

/** A cursor that this service did not issue for these filters, or that was altered. */
export class InvalidCursorError extends Error {
  constructor() {
    super('The cursor is not one this API returned for these filters.');
    this.name = 'InvalidCursorError';
  }
}

const keyCache = new Map<string, Buffer>();

function keyOf(secret: string): Buffer {
  let key = keyCache.get(secret);
  if (!key) {
    key = Buffer.from(hkdfSync('sha256', secret, Buffer.alloc(0), 'relance pagination cursor v1', 32));
    keyCache.set(secret, key);
  }
  return key;
}

/** Seals `position` for the listing described by `context` (its filters, serialized by the caller). */
export function sealCursor(position: CursorPosition, context: string, secrets: readonly string[]): string {
  const secret = secrets[0];
  if (!secret) throw new Error('No cursor secret configured');
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', keyOf(secret), iv);
  cipher.setAAD(Buffer.from(`${VERSION}:${context}`, 'utf8'));
  const sealed = Buffer.concat([cipher.update(JSON.stringify(position), 'utf8'), cipher.final()]);
  return Buffer.concat([Buffer.of(VERSION), iv, cipher.getAuthTag(), sealed]).toString('base64url');
}

/** Opens a cursor sealed by `sealCursor` with the same context; throws InvalidCursorError otherwise. */
export function openCursor(cursor: string, context: string, secrets: readonly string[]): CursorPosition {
  if (typeof cursor !== 'string' || cursor.length > MAX_CURSOR_CHARS || !/^[A-Za-z0-9_-]+$/.test(cursor)) {
    throw new InvalidCursorError();
  }
  const bytes = Buffer.from(cursor, 'base64url');
  if (bytes.length <= 1 + IV_BYTES + TAG_BYTES || bytes[0] !== VERSION) throw new InvalidCursorError();
  const iv = bytes.subarray(1, 1 + IV_BYTES);
  const tag = bytes.subarray(1 + IV_BYTES, 1 + IV_BYTES + TAG_BYTES);
  const sealed = bytes.subarray(1 + IV_BYTES + TAG_BYTES);
  for (const secret of secrets) {
    let plain: string;
    try {
      const decipher = createDecipheriv('aes-256-gcm', keyOf(secret), iv);
      decipher.setAAD(Buffer.from(`${VERSION}:${context}`, 'utf8'));
      decipher.setAuthTag(tag);
      plain = Buffer.concat([decipher.update(sealed), decipher.final()]).toString('utf8');
    } catch {
      continue; // not this secret (or altered): try the next one
    }
    const value: unknown = JSON.parse(plain);
    if (
      value !== null &&
      typeof value === 'object' &&
      !Array.isArray(value) &&
      Object.values(value).every((v) => typeof v === 'string')
    ) {
      return value as CursorPosition;
    }
  }
  throw new InvalidCursorError();
}
