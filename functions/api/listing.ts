import { type CursorPosition, InvalidCursorError, openCursor, sealCursor } from '../core/cursor';
import { HttpError } from '../shared/http';
import { type InvoiceView, toInvoiceView } from '../shared/invoices';
import { type InvoiceRecord, type InvoiceStatus, keys, type Store } from '../shared/store';
import type { IndexPageRequest } from '../shared/store-invoices';

export interface ListRequest {
  readonly sellerId: string;
  readonly status?: InvoiceStatus;
  readonly customerId?: string;
  readonly cursor?: string;
  readonly limit: number;
}

interface ListIndex {
  readonly name: IndexPageRequest['index'];
  readonly key: string;
  readonly sortKey: string;
  readonly value: string;
}

type CursorSecretsModule = typeof import('./cursor-secrets');
let cursorSecretsModule: Promise<CursorSecretsModule> | undefined;

/** Deployed, `cursor-secrets.mjs` next to `index.mjs`; the specifier is computed so esbuild leaves it out. */
function cursorSecretsSpecifier(): string {
  return import.meta.url.endsWith('.mjs') ? './cursor-secrets.mjs' : './cursor-secrets.ts';
}

/** The cursor keys, through the lazily loaded Secrets Manager client (see cursor-secrets.ts). */
export async function cursorSecretValues(options: { arn?: string; value?: string }): Promise<string[]> {
  cursorSecretsModule ??= import(cursorSecretsSpecifier()) as Promise<CursorSecretsModule>;
  return (await cursorSecretsModule).cursorSecretValues(options);
}

/**
 * A filtered listing (status on the customer index) may need several queries to fill a page; past
 * this many, the page is returned shorter, with a cursor, rather than holding the request.
 */
const MAX_QUERIES_PER_PAGE = 10;

function invalidCursor(): HttpError {
  return new HttpError(400, 'Invalid request', 'The cursor is not one this API returned for these filters.', [
    { path: 'cursor', message: 'must be a nextCursor returned by GET /invoices with the same filters' },
  ]);
}

/** The position sealed in a cursor is a key of the index's partition, nothing else. */
function startKey(request: ListRequest, index: ListIndex, context: string, secrets: readonly string[]) {
  if (request.cursor === undefined) return undefined;
  let position: CursorPosition;
  try {
    position = openCursor(request.cursor, context, secrets);
  } catch (error) {
    if (error instanceof InvalidCursorError) throw invalidCursor();
    throw error;
  }
  const expected = ['pk', 'sk', index.key, index.sortKey].sort();
  const valid =
    JSON.stringify(Object.keys(position).sort()) === JSON.stringify(expected) &&
    // An empty key attribute is refused by DynamoDB (a 500): never pass one on.
    Object.values(position).every((v) => v !== '') &&
    position[index.key] === index.value;
  if (!valid) throw invalidCursor();
  return position;
}

function positionOf(item: Record<string, unknown>, index: ListIndex): CursorPosition {
  return Object.fromEntries(['pk', 'sk', index.key, index.sortKey].map((name) => [name, String(item[name])]));
}

/**
 * Lists a seller's invoices through the GSI that fits the filters (by status, by customer, or all by
 * number). Reads one item more than the page: the cursor is returned only when something follows, so
 * the last page has none. Cursors are sealed (functions/core/cursor.ts) and bound to the filters.
 */
export async function listInvoices(
  store: Store,
  request: ListRequest,
  cursorSecrets: () => Promise<readonly string[]>,
): Promise<{ items: InvoiceView[]; nextCursor?: string }> {
  const { sellerId, status, customerId } = request;
  const index: ListIndex = customerId
    ? {
        name: 'byCustomer',
        key: 'gsi2pk',
        sortKey: 'gsi2sk',
        value: keys.byCustomer(sellerId, customerId, '', '').gsi2pk,
      }
    : status
      ? {
          name: 'byStatus',
          key: 'gsi3pk',
          sortKey: 'gsi3sk',
          value: keys.byStatus(sellerId, status, '', '').gsi3pk,
        }
      : { name: 'bySeller', key: 'gsi1pk', sortKey: 'gsi1sk', value: keys.bySeller(sellerId, '').gsi1pk };
  const context = JSON.stringify(['invoices', sellerId, status ?? null, customerId ?? null]);
  const secrets = await cursorSecrets();
  const filterOnStatus = customerId !== undefined && status !== undefined;

  const found: Record<string, unknown>[] = [];
  let exclusiveStart: Record<string, unknown> | undefined = startKey(request, index, context, secrets);
  for (let query = 0; query < MAX_QUERIES_PER_PAGE && found.length <= request.limit; query++) {
    const page = await store.invoiceIndexPage({
      index: index.name,
      keyAttribute: index.key,
      keyValue: index.value,
      ...(filterOnStatus ? { status } : {}),
      limit: request.limit + 1 - found.length,
      ...(exclusiveStart ? { startKey: exclusiveStart } : {}),
    });
    found.push(...page.items);
    exclusiveStart = page.lastKey;
    if (!exclusiveStart) break;
  }

  const items = found.slice(0, request.limit);
  // More than a page found: resume after the last item shown. Out of queries with more to read:
  // resume where the reading stopped.
  const resumeAt =
    found.length > request.limit
      ? positionOf(items[items.length - 1] as Record<string, unknown>, index)
      : exclusiveStart
        ? positionOf(exclusiveStart, index)
        : undefined;
  return {
    items: items.map((item) => toInvoiceView(item as unknown as InvoiceRecord)),
    ...(resumeAt ? { nextCursor: sealCursor(resumeAt, context, secrets) } : {}),
  };
}
