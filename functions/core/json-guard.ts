import type { FieldIssue } from './errors';

/** Deeper than this is no document of ours: refused before any schema walks it. */
export const MAX_JSON_DEPTH = 32;

/** Keys that would reach an object's prototype if anything ever merged a document into an object. */
export const PROTOTYPE_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Invisible characters that change how text reads without showing: bidirectional embeddings,
 * overrides and isolates, zero-width characters, the byte-order mark ("HX-4\u202Efdp.exe" reads
 * "HX-4exe.pdf"). Nothing that reaches an email, a header or a PDF may carry them.
 */
export const INVISIBLE_CONTROLS = /[\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/;
const INVISIBLE_CONTROLS_ALL = new RegExp(INVISIBLE_CONTROLS.source, 'g');

/** What invalid UTF-8 bytes decode to: a client never means to send it. */
export const REPLACEMENT_CHARACTER = '\ufffd';

/** Removes invisible controls (for text stored before they were refused, on its way to a header). */
export function stripInvisibleControls(value: string): string {
  return value.replace(INVISIBLE_CONTROLS_ALL, '');
}

/** The problem with one string, if any. */
export function textProblem(value: string): string | undefined {
  if (INVISIBLE_CONTROLS.test(value)) return 'must not contain invisible or bidirectional control characters';
  if (value.includes(REPLACEMENT_CHARACTER)) return 'must be valid UTF-8';
  return undefined;
}

const pathOf = (parts: readonly (string | number)[]) => (parts.length === 0 ? '(body)' : parts.join('.'));

/**
 * Walks a parsed JSON document once, iteratively (a hostile depth cannot overflow the stack): the
 * first document deeper than MAX_JSON_DEPTH, prototype key, invisible control character or U+FFFD
 * is returned as a field issue. `checkText: false` skips string values (a provider's signed event
 * whose free text never reaches a customer must not be refused for it).
 */
export function jsonProblem(
  document: unknown,
  options: { readonly checkText?: boolean } = {},
): FieldIssue | undefined {
  const checkText = options.checkText ?? true;
  const stack: { value: unknown; path: (string | number)[] }[] = [{ value: document, path: [] }];
  while (stack.length > 0) {
    const { value, path } = stack.pop() as { value: unknown; path: (string | number)[] };
    if (path.length > MAX_JSON_DEPTH) {
      return {
        path: pathOf(path.slice(0, MAX_JSON_DEPTH)),
        message: `must be nested at most ${MAX_JSON_DEPTH} levels deep`,
      };
    }
    if (typeof value === 'string') {
      const message = checkText ? textProblem(value) : undefined;
      if (message) return { path: pathOf(path), message };
    } else if (Array.isArray(value)) {
      for (let index = value.length - 1; index >= 0; index -= 1)
        stack.push({ value: value[index], path: [...path, index] });
    } else if (value !== null && typeof value === 'object') {
      for (const key of Object.keys(value)) {
        if (PROTOTYPE_KEYS.has(key))
          return { path: pathOf([...path, key]), message: 'is not an accepted field name' };
        if (textProblem(key))
          return { path: pathOf(path), message: 'has a field name with invalid characters' };
        stack.push({ value: (value as Record<string, unknown>)[key], path: [...path, key] });
      }
    }
  }
  return undefined;
}
