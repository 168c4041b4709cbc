import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  INVISIBLE_CONTROLS,
  jsonProblem,
  MAX_JSON_DEPTH,
  stripInvisibleControls,
} from '../../functions/core/json-guard';
import { customerSchema, sellerSchema, text } from '../../functions/core/schemas';
import { atelierDupont } from '../fixtures/sellers';

const CONTROLS = [
  '\u202a',
  '\u202b',
  '\u202c',
  '\u202d',
  '\u202e',
  '\u2066',
  '\u2067',
  '\u2068',
  '\u2069',
  '\u200b',
  '\u200c',
  '\u200d',
  '\u200e',
  '\u200f',
  '\u2060',
  '\ufeff',
  '\u061c',
];
const control = fc.constantFrom(...CONTROLS);
/** Text as people type it: any Unicode, without the controls under test. */
const plain = fc
  .string({ unit: 'grapheme', maxLength: 40 })
  .filter((s) => !INVISIBLE_CONTROLS.test(s) && !s.includes('\ufffd'));
/** The same text with one invisible control slipped in somewhere. */
const tainted = fc.tuple(plain, control, fc.nat()).map(([s, c, at]) => {
  const index = s.length === 0 ? 0 : at % (s.length + 1);
  return `${s.slice(0, index)}${c}${s.slice(index)}`;
});

describe('jsonProblem', () => {
  it('should find an invisible control in any string of a document, at any depth (property)', () => {
    fc.assert(
      fc.property(
        tainted,
        fc.array(fc.constantFrom('a', 'b', 'customer', 'name'), { maxLength: 5 }),
        (value, path) => {
          const document = path.reduceRight<unknown>((inner, key) => ({ [key]: inner }), value);
          expect(jsonProblem(document)?.path).toBe(path.length === 0 ? '(body)' : path.join('.'));
        },
      ),
    );
  });

  it('should accept any plain text (property)', () => {
    fc.assert(
      fc.property(plain, (value) => {
        expect(jsonProblem({ name: value, list: [value] })).toBeUndefined();
      }),
    );
  });

  it('should refuse prototype keys, U+FFFD and documents nested too deep, without recursion', () => {
    expect(jsonProblem(JSON.parse('{"a":{"__proto__":{"x":1}}}'))?.path).toBe('a.__proto__');
    expect(jsonProblem({ constructor: 1 })?.message).toBe('is not an accepted field name');
    expect(jsonProblem({ name: 'Marie \ufffd' })?.message).toBe('must be valid UTF-8');
    const nested = (depth: number) => JSON.parse(`${'['.repeat(depth)}${']'.repeat(depth)}`);
    expect(jsonProblem(nested(MAX_JSON_DEPTH))).toBeUndefined();
    expect(jsonProblem(nested(MAX_JSON_DEPTH + 2))?.message).toContain('nested at most');
    expect(jsonProblem(nested(200_000))?.message).toContain('nested at most');
  });

  it('should let a signed provider event carry free text when asked not to check it', () => {
    expect(jsonProblem({ description: 'a\u200bb' }, { checkText: false })).toBeUndefined();
    expect(stripInvisibleControls('HX-4\u202efdp.exe \u2066x\u2069')).toBe('HX-4fdp.exe x');
    expect(jsonProblem({ __proto__: 1, x: 1 }, { checkText: false })).toBeUndefined();
  });
});

describe('text fields (property)', () => {
  it('should never let an invisible control through a text field: refused, or trimmed away', () => {
    const clean = (result: { success: boolean; data?: unknown }) =>
      !result.success || !INVISIBLE_CONTROLS.test(JSON.stringify(result.data));
    fc.assert(
      fc.property(tainted, (value) => {
        expect(clean(text(200).safeParse(value))).toBe(true);
        const customer = { id: 'C-1', name: value, companyName: value, type: 'business', email: 'a@b.fr' };
        expect(clean(customerSchema.safeParse(customer))).toBe(true);
        const sender = { ...atelierDupont.sender, fromName: value };
        expect(clean(sellerSchema.safeParse({ ...atelierDupont, legalName: value, sender }))).toBe(true);
      }),
    );
  });

  it('should accept plain single-line text', () => {
    fc.assert(
      fc.property(plain, (value) => {
        // biome-ignore lint/suspicious/noControlCharactersInRegex: text() refuses exactly these.
        const expected = value.trim().length > 0 && !/[\u0000-\u001f\u007f]/.test(value);
        expect(text(200).safeParse(value).success).toBe(expected);
      }),
    );
  });

  it('should refuse a sender name that looks like an address', () => {
    for (const fromName of ['Evil "Name" <admin@bank.fr>', 'admin@bank.fr', 'A <b>']) {
      const seller = { ...atelierDupont, sender: { ...atelierDupont.sender, fromName } };
      expect(sellerSchema.safeParse(seller).success).toBe(false);
    }
    expect(sellerSchema.safeParse(atelierDupont).success).toBe(true);
  });
});
