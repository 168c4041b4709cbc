import { type CursorPosition, InvalidCursorError, openCursor, sealCursor } from '../core/cursor';
import { mergeShardPages, type ShardPage } from '../core/index-shards';
import { HttpError } from '../shared/http';
import { type InvoiceView, toInvoiceView } from '../shared/invoice-view';
import { lazyModule, siblingModule } from '../shared/lazy-module';
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
  /** One partition, or a seller index's shards (functions/core/index-shards.ts), merged in order. */
  readonly partitions: readonly string[];
}

/** Deployed, `cursor-secrets.mjs` next to `index.mjs`, loaded on first use. */
const loadCursorSecrets = lazyModule(
  () =>
    import(siblingModule(import.meta.url, 'cursor-secrets')) as Promise<typeof import('./cursor-secrets')>,
);

/** The cursor keys, through the lazily loaded Secrets Manager client (see cursor-secrets.ts). */
export async function cursorSecretValues(options: { arn?: string; value?: string }): Promise<string[]> {
  return (await loadCursorSecrets()).cursorSecretValues(options);
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

function opened(cursor: string, context: string, secrets: readonly string[]): CursorPosition {
  try {
    return openCursor(cursor, context, secrets);
  } catch (error) {
    if (error instanceof InvalidCursorError) throw invalidCursor();
    throw error;
  }
}

/** A key of one of the index's partitions, nothing else (an empty attribute would be a DynamoDB 500). */
function isKeyOf(position: unknown, index: ListIndex, partition: string): position is CursorPosition {
  if (typeof position !== 'object' || position === null || Array.isArray(position)) return false;
  const entries = Object.entries(position);
  const expected = ['pk', 'sk', index.key, index.sortKey].sort();
  return (
    JSON.stringify(entries.map(([name]) => name).sort()) === JSON.stringify(expected) &&
    entries.every(([, value]) => typeof value === 'string' && value !== '') &&
    (position as CursorPosition)[index.key] === partition
  );
}

/** The position sealed in a single-partition cursor. */
function startKey(request: ListRequest, index: ListIndex, context: string, secrets: readonly string[]) {
  if (request.cursor === undefined) return undefined;
  const position = opened(request.cursor, context, secrets);
  if (!isKeyOf(position, index, index.partitions[0] ?? '')) throw invalidCursor();
  return position;
}

/** A sharded listing's cursor: per shard, the key to resume after, or `done`; a shard absent starts over. */
const SHARD_DONE = 'done';

function shardStarts(
  request: ListRequest,
  index: ListIndex,
  context: string,
  secrets: readonly string[],
): Map<number, CursorPosition | typeof SHARD_DONE | undefined> {
  const starts = new Map<number, CursorPosition | typeof SHARD_DONE | undefined>(
    index.partitions.map((_, shard) => [shard, undefined]),
  );
  if (request.cursor === undefined) return starts;
  const position = opened(request.cursor, context, secrets);
  for (const [name, value] of Object.entries(position)) {
    const shard = Number(name);
    const partition = index.partitions[shard];
    if (!/^\d+$/.test(name) || partition === undefined) throw invalidCursor();
    if (value === SHARD_DONE) {
      starts.set(shard, SHARD_DONE);
      continue;
    }
    let key: unknown;
    try {
      key = JSON.parse(value);
    } catch {
      throw invalidCursor();
    }
    if (!isKeyOf(key, index, partition)) throw invalidCursor();
    starts.set(shard, key);
  }
  return starts;
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
  const context = JSON.stringify(['invoices', sellerId, status ?? null, customerId ?? null]);
  const secrets = await cursorSecrets();
  if (customerId !== undefined) {
    const index: ListIndex = {
      name: 'byCustomer',
      key: 'gsi2pk',
      sortKey: 'gsi2sk',
      partitions: [keys.byCustomer(sellerId, customerId, '', '').gsi2pk],
    };
    return listPartition(store, request, index, context, secrets);
  }
  const index: ListIndex = status
    ? {
        name: 'byStatus',
        key: 'gsi3pk',
        sortKey: 'gsi3sk',
        partitions: keys.byStatusPartitions(sellerId, status),
      }
    : { name: 'bySeller', key: 'gsi1pk', sortKey: 'gsi1sk', partitions: keys.bySellerPartitions(sellerId) };
  return listShards(store, request, index, context, secrets);
}

function pageOf(
  items: readonly Record<string, unknown>[],
  cursor: CursorPosition | undefined,
  secrets: readonly string[],
  context: string,
) {
  return {
    items: items.map((item) => toInvoiceView(item as unknown as InvoiceRecord)),
    ...(cursor ? { nextCursor: sealCursor(cursor, context, secrets) } : {}),
  };
}

/** A customer's invoices: one partition, filtered by status when asked (several queries may fill a page). */
async function listPartition(
  store: Store,
  request: ListRequest,
  index: ListIndex,
  context: string,
  secrets: readonly string[],
): Promise<{ items: InvoiceView[]; nextCursor?: string }> {
  const { status } = request;
  const filterOnStatus = status !== undefined;
  const found: Record<string, unknown>[] = [];
  let exclusiveStart: Record<string, unknown> | undefined = startKey(request, index, context, secrets);
  for (let query = 0; query < MAX_QUERIES_PER_PAGE && found.length <= request.limit; query++) {
    const page = await store.invoiceIndexPage({
      index: index.name,
      keyAttribute: index.key,
      keyValue: index.partitions[0] as string,
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
  return pageOf(items, resumeAt, secrets, context);
}

/**
 * All of a seller's invoices, or those in one status: one query per shard still to read (in parallel,
 * `limit + 1` items each), merged in the index's order; the cursor keeps each shard's position.
 */
async function listShards(
  store: Store,
  request: ListRequest,
  index: ListIndex,
  context: string,
  secrets: readonly string[],
): Promise<{ items: InvoiceView[]; nextCursor?: string }> {
  const starts = shardStarts(request, index, context, secrets);
  const toRead = [...starts].filter(([, start]) => start !== SHARD_DONE);
  const pages: ShardPage<Record<string, unknown>>[] = await Promise.all(
    toRead.map(async ([shard, start]) => {
      const page = await store.invoiceIndexPage({
        index: index.name,
        keyAttribute: index.key,
        keyValue: index.partitions[shard] as string,
        limit: request.limit + 1,
        ...(start === SHARD_DONE || start === undefined ? {} : { startKey: start }),
      });
      return { shard, items: page.items, more: page.lastKey !== undefined };
    }),
  );
  const sortValue = (item: Record<string, unknown>) =>
    `${String(item[index.sortKey])}\u0000${String(item.pk)}`;
  const merged = mergeShardPages(pages, request.limit, (a, b) => {
    const [x, y] = [sortValue(a), sortValue(b)];
    return x < y ? -1 : x > y ? 1 : 0;
  });
  if (!merged.hasMore) return pageOf(merged.items, undefined, secrets, context);
  const cursor: Record<string, string> = {};
  for (const [shard, start] of starts) {
    const shown = merged.lastShown.get(shard);
    if (start === SHARD_DONE || merged.exhausted.has(shard)) cursor[shard] = SHARD_DONE;
    else if (shown) cursor[shard] = JSON.stringify(positionOf(shown, index));
    else if (start) cursor[shard] = JSON.stringify(start);
  }
  return pageOf(merged.items, cursor, secrets, context);
}
