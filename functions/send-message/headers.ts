import { stripInvisibleControls } from '../core/json-guard';

/**
 * Email header values. Kept apart from the message view so that functions sending only seller alerts
 * (API, SES events) format addresses without bundling the customer messages' wording.
 */

// biome-ignore lint/suspicious/noControlCharactersInRegex: header values must lose every control character.
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f\u2028\u2029]+/g;

/** A header value on one line: CR, LF and other control characters become spaces (no header injection). */
export function headerValue(value: string): string {
  return stripInvisibleControls(value.replace(CONTROL_CHARACTERS, ' ')).replace(/ {2,}/g, ' ').trim();
}

/** `"Atelier Dupont" <relances@…>`, with an RFC 2047 encoded word when the name is not plain ASCII. */
export function formatAddress(name: string, email: string): string {
  const singleLine = headerValue(name);
  if (/^[\x20-\x7e]*$/.test(singleLine)) return `"${singleLine.replace(/["\\]/g, '\\$&')}" <${email}>`;
  return `=?UTF-8?B?${Buffer.from(singleLine, 'utf8').toString('base64')}?= <${email}>`;
}
