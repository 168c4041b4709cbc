import type { FieldIssue } from '../errors';
import type { FacturXFields } from './cii';

/**
 * Completing a registration request with what its Factur-X document says. The request may add what
 * the document lacks (an email, a locale, a payer profile) but never say something else: each field
 * that differs is reported, and nothing is registered.
 */

type Json = Record<string, unknown>;

/** Where each field comes from, for messages ("differs from the Factur-X document (BT-1)"). */
export const BUSINESS_TERMS: Readonly<Record<string, string>> = {
  number: 'BT-1',
  issueDate: 'BT-2',
  dueDate: 'BT-9',
  currency: 'BT-5',
  totalMinor: 'BT-115',
  purchaseOrder: 'BT-13',
  'customer.id': 'BT-46, BT-47 or BT-48',
  'customer.name': 'BT-56 or BT-44',
  'customer.companyName': 'BT-44',
  'customer.email': 'BT-58 or BT-49',
  'customer.type': 'BT-44',
  latePenalty: 'BT-20',
};

/** The fields a registration needs, whether they come from the JSON or from the document. */
export const REQUIRED_FIELDS = [
  'number',
  'issueDate',
  'dueDate',
  'currency',
  'totalMinor',
  'customer.id',
  'customer.name',
  'customer.type',
  'customer.email',
] as const;

/** Fields the document states but the request may set differently (an inference, not a BT). */
const REQUEST_MAY_OVERRIDE = new Set(['customer.type']);

function isObject(value: unknown): value is Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function normalized(path: string, value: unknown): unknown {
  if (typeof value === 'string') {
    const collapsed = value.trim().replace(/\s+/g, ' ');
    return path === 'customer.email' || path === 'currency' ? collapsed.toLowerCase() : collapsed;
  }
  if (isObject(value) && path === 'latePenalty') return value.annualRatePercent;
  return value;
}

function shown(value: unknown): string {
  const text = JSON.stringify(isObject(value) ? value.annualRatePercent : value) ?? '';
  return text.length > 80 ? `${text.slice(0, 77)}…` : text;
}

/** The document's fields as `[path, value]` pairs, in the order the API documents them. */
function documentEntries(fields: FacturXFields, acceptsLatePenalty: boolean): [string, unknown][] {
  const { customer, latePenalty, ...top } = fields;
  const entries: [string, unknown][] = Object.entries(top);
  for (const [key, value] of Object.entries(customer)) entries.push([`customer.${key}`, value]);
  if (latePenalty && acceptsLatePenalty) entries.push(['latePenalty', latePenalty]);
  return entries;
}

export interface Completion {
  /** The request with the document's fields filled in. */
  readonly body: Json;
  /** One issue per field where the request contradicts the document. */
  readonly conflicts: FieldIssue[];
}

/**
 * Fills the request's missing fields from the document and lists the fields where they disagree.
 * `acceptsLatePenalty` says whether invoices carry their printed penalty rate (the schema's choice).
 */
export function completeWithDocument(
  request: Json,
  fields: FacturXFields,
  acceptsLatePenalty: boolean,
): Completion {
  const body: Json = { ...request };
  const customerGiven = request.customer;
  if (customerGiven !== undefined && !isObject(customerGiven)) return { body, conflicts: [] };
  const customer: Json = { ...(customerGiven ?? {}) };
  const conflicts: FieldIssue[] = [];
  for (const [path, value] of documentEntries(fields, acceptsLatePenalty)) {
    const [head, key] = path.split('.') as [string, string | undefined];
    const target = key === undefined ? body : customer;
    const name = key ?? head;
    const given = target[name];
    if (given === undefined) {
      target[name] = value;
    } else if (!REQUEST_MAY_OVERRIDE.has(path) && normalized(path, given) !== normalized(path, value)) {
      conflicts.push({
        path,
        message: `differs from the Factur-X document (${BUSINESS_TERMS[path] ?? 'BT'} says ${shown(value)})`,
      });
    }
  }
  body.customer = customer;
  return { body, conflicts };
}

/** The required fields a request (completed or not) still lacks. */
export function missingFields(body: Json): string[] {
  const customer = isObject(body.customer) ? body.customer : {};
  return REQUIRED_FIELDS.filter((path) => {
    const [head, key] = path.split('.') as [string, string | undefined];
    if (key === undefined) return body[head] === undefined;
    return body.customer !== undefined && !isObject(body.customer) ? false : customer[key] === undefined;
  });
}
