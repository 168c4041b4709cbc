import { XMLParser } from 'fast-xml-parser';
import type { FieldIssue } from '../errors';

/**
 * Reading the XML of a Factur-X document safely. The XML comes from a PDF anyone can post, so every
 * cost is bounded before the parser runs: a size cap, no DOCTYPE at all (hence no entity definitions,
 * no external entities, no billion laughs), and a nesting cap enforced by the parser itself.
 */

/**
 * Room for invoices of several hundred lines; the parsing time of a hostile document of this size
 * stays a fraction of a second.
 */
export const MAX_XML_BYTES = 1024 * 1024;
/** A CII invoice nests about ten levels deep; anything far past that is not an invoice. */
export const MAX_XML_DEPTH = 40;

/** CII tags are short; a tag this long is an attack on attribute parsing, whose cost grows fast. */
export const MAX_TAG_LENGTH = 4096;

/** The embedded document cannot be read as a Factur-X invoice. The API maps it to `400`. */
export class FacturXError extends Error {
  readonly issues: readonly FieldIssue[];

  constructor(message: string, issues: readonly FieldIssue[] = []) {
    super(message);
    this.name = 'FacturXError';
    this.issues = issues;
  }
}

/** A parsed element: attributes under `@name`, text under `#text`, children by local name. */
export type XmlNode = { readonly [key: string]: XmlValue };
export type XmlValue = string | XmlNode | readonly XmlValue[];

// `<!` opens a DOCTYPE, ENTITY, ELEMENT or ATTLIST declaration unless it opens a comment or CDATA.
const DECLARATION = /<!(?!--|\[CDATA\[)/;

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  textNodeName: '#text',
  removeNSPrefix: true,
  // Values stay strings: amounts are decimal strings converted exactly, never through floats.
  parseTagValue: false,
  parseAttributeValue: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  // With DOCTYPE refused, only predefined entities and character references remain to decode; the
  // parser decodes character references (`&#233;`) only with this flag on.
  processEntities: true,
  htmlEntities: true,
  maxNestedTags: MAX_XML_DEPTH,
  // Invoice lines are the bulk of large invoices and dunning needs none of them: kept as raw text.
  stopNodes: ['*.IncludedSupplyChainTradeLineItem'],
  strictReservedNames: true,
});

function malformed(detail: string): FacturXError {
  return new FacturXError('The Factur-X XML cannot be read.', [{ path: 'pdf', message: detail }]);
}

/**
 * One linear pass over the text before any parsing: the longest tag and the deepest nesting (closely
 * enough: comments are counted as tags). Both bound what the parser and its validator will do.
 */
function shapeOf(text: string): { longestTag: number; depth: number } {
  let longestTag = 0;
  let depth = 0;
  let deepest = 0;
  let open = -1;
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if (code === 60 /* < */ && open === -1) {
      open = index;
    } else if (code === 62 /* > */ && open !== -1) {
      longestTag = Math.max(longestTag, index - open);
      const first = text.charCodeAt(open + 1);
      if (first === 47 /* / */) depth -= 1;
      else if (first !== 63 /* ? */ && first !== 33 /* ! */ && text.charCodeAt(index - 1) !== 47) {
        depth += 1;
        deepest = Math.max(deepest, depth);
      }
      open = -1;
    }
  }
  return { longestTag: open === -1 ? longestTag : Math.max(longestTag, text.length - open), depth: deepest };
}

/** Parses the XML of an embedded invoice, or throws a {@link FacturXError}; never runs unbounded. */
export function parseInvoiceXml(bytes: Uint8Array): XmlNode {
  if (bytes.length > MAX_XML_BYTES) {
    throw malformed(`the embedded XML is larger than ${MAX_XML_BYTES / 1024 / 1024} MB`);
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw malformed('the embedded XML is not UTF-8');
  }
  if (DECLARATION.test(text)) {
    throw malformed('the embedded XML has a DOCTYPE or entity declaration, which invoices never need');
  }
  const shape = shapeOf(text);
  if (shape.longestTag > MAX_TAG_LENGTH) throw malformed('the embedded XML has an oversized tag');
  if (shape.depth > MAX_XML_DEPTH)
    throw malformed(`the embedded XML nests deeper than ${MAX_XML_DEPTH} levels`);
  let parsed: unknown;
  try {
    // `true`: well-formedness is checked first, so a broken document is refused, not half-read.
    parsed = parser.parse(text, true);
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0]?.slice(0, 200) : 'unreadable';
    throw malformed(`the embedded XML is malformed (${reason})`);
  }
  if (parsed === null || typeof parsed !== 'object') throw malformed('the embedded XML is empty');
  return parsed as XmlNode;
}

/** The first element at a path of local names (CII repeats few elements; the first one counts). */
export function child(node: XmlValue | undefined, ...path: string[]): XmlValue | undefined {
  let current: XmlValue | undefined = node;
  for (const name of path) {
    if (current === undefined) return undefined;
    const first: XmlValue | undefined = Array.isArray(current) ? current[0] : current;
    if (first === undefined || typeof first === 'string') return undefined;
    current = (first as XmlNode)[name];
  }
  return Array.isArray(current) ? current[0] : current;
}

/** Every element at a path (repeated elements come as arrays). */
export function children(node: XmlValue | undefined, ...path: string[]): XmlValue[] {
  const last = path.at(-1);
  if (last === undefined) return [];
  const parent = child(node, ...path.slice(0, -1));
  if (parent === undefined || typeof parent === 'string' || Array.isArray(parent)) return [];
  const value = (parent as XmlNode)[last];
  if (value === undefined) return [];
  return Array.isArray(value) ? [...value] : [value as XmlValue];
}

/** The trimmed text of an element (or undefined when absent or empty). */
export function textOf(node: XmlValue | undefined): string | undefined {
  if (node === undefined) return undefined;
  const value = typeof node === 'string' ? node : (node as XmlNode)['#text'];
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

/** An attribute of an element. */
export function attributeOf(node: XmlValue | undefined, name: string): string | undefined {
  if (node === undefined || typeof node === 'string' || Array.isArray(node)) return undefined;
  const value = (node as XmlNode)[`@${name}`];
  return typeof value === 'string' ? value.trim() : undefined;
}
