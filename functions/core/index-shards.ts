/**
 * Sharded index partitions for big sellers. Every invoice of a seller on one `bySeller` (or `byStatus`)
 * index partition caps that seller's writes at one partition's throughput (1 000 write units per second
 * on demand): a bulk import of a big tenant would throttle the index, and a throttled index slows the
 * table. Each of those keys is spread over `SELLER_INDEX_SHARDS` partitions chosen by a stable hash, and
 * a listing reads every shard and merges them in the index's order (docs/capacity.md).
 *
 * Shard 0 keeps the unsharded key, so invoices written before sharding are still listed (in shard 0),
 * and a `byStatus` key moves to its own shard at the invoice's next status change.
 */

/** Partitions per seller index key: 4 × 1 000 writes per second, for 4 queries per listed page. */
export const SELLER_INDEX_SHARDS = 4;

/** FNV-1a (32 bits) of the text: stable across processes and releases, cheap, evenly spread. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** The shard of an item, from a value that never changes for it (invoice number or id). */
export function shardOf(stableValue: string): number {
  return fnv1a(stableValue) % SELLER_INDEX_SHARDS;
}

/** The partition key of `base` in `shard` (shard 0 is `base` itself). */
export function shardPartition(base: string, shard: number): string {
  return shard === 0 ? base : `${base}#SHARD#${shard}`;
}

/** Every partition of `base`, shard 0 first. */
export function allShardPartitions(base: string): string[] {
  return Array.from({ length: SELLER_INDEX_SHARDS }, (_, shard) => shardPartition(base, shard));
}

/** One shard's query result: the items in index order, and whether the query stopped before the end. */
export interface ShardPage<T> {
  readonly shard: number;
  readonly items: readonly T[];
  /** The query returned a LastEvaluatedKey: more may follow its last item. */
  readonly more: boolean;
}

export interface MergedPage<T> {
  /** At most `limit` items, in index order across shards. */
  readonly items: readonly T[];
  /** Per shard read: the last item shown from it, to resume after; shards with nothing shown are absent. */
  readonly lastShown: ReadonlyMap<number, T>;
  /** Shards read to their end with everything shown: nothing left to list there. */
  readonly exhausted: ReadonlySet<number>;
  /** Something is left to list in some shard read. */
  readonly hasMore: boolean;
}

/**
 * Merges the pages of several shards (each in index order) into one page of `limit` items. Each shard
 * must have been read for `limit + 1` items (or to its end) so that the page is exact and `hasMore`
 * is true only when something follows (no cursor to an empty page).
 */
export function mergeShardPages<T>(
  pages: readonly ShardPage<T>[],
  limit: number,
  compare: (a: T, b: T) => number,
): MergedPage<T> {
  const tagged = pages.flatMap((page) => page.items.map((item) => ({ shard: page.shard, item })));
  tagged.sort((a, b) => compare(a.item, b.item) || a.shard - b.shard);
  const shown = tagged.slice(0, limit);
  const lastShown = new Map<number, T>();
  const shownCount = new Map<number, number>();
  for (const { shard, item } of shown) {
    lastShown.set(shard, item);
    shownCount.set(shard, (shownCount.get(shard) ?? 0) + 1);
  }
  const exhausted = new Set<number>();
  for (const page of pages) {
    if (!page.more && (shownCount.get(page.shard) ?? 0) === page.items.length) exhausted.add(page.shard);
  }
  return {
    items: shown.map(({ item }) => item),
    lastShown,
    exhausted,
    hasMore: pages.some((page) => !exhausted.has(page.shard)),
  };
}
