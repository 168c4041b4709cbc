import { describe, expect, it } from 'vitest';
import {
  allShardPartitions,
  mergeShardPages,
  SELLER_INDEX_SHARDS,
  type ShardPage,
  shardOf,
  shardPartition,
} from '../../functions/core/index-shards';

const byValue = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Lists `shards` (each sorted) page by page the way the listing does, `limit` items per page. */
function listAll(shards: readonly string[][], limit: number): string[][] {
  const positions = shards.map(() => 0);
  const done = new Set<number>();
  const pages: string[][] = [];
  for (let guard = 0; guard < 100; guard++) {
    const read: ShardPage<string>[] = shards.flatMap((items, shard) => {
      if (done.has(shard)) return [];
      const start = positions[shard] ?? 0;
      const slice = items.slice(start, start + limit + 1);
      return [{ shard, items: slice, more: start + limit + 1 < items.length }];
    });
    const merged = mergeShardPages(read, limit, byValue);
    pages.push([...merged.items]);
    for (const [shard, last] of merged.lastShown) positions[shard] = (shards[shard] ?? []).indexOf(last) + 1;
    for (const shard of merged.exhausted) done.add(shard);
    if (!merged.hasMore) return pages;
  }
  throw new Error('no end');
}

describe('index shards', () => {
  it('should keep shard 0 on the unsharded key and name the others after it', () => {
    expect(shardPartition('SELLER#a', 0)).toBe('SELLER#a');
    expect(shardPartition('SELLER#a', 3)).toBe('SELLER#a#SHARD#3');
    expect(allShardPartitions('SELLER#a')).toHaveLength(SELLER_INDEX_SHARDS);
  });

  it('should give a value always the same shard, and spread many values over every shard', () => {
    expect(shardOf('FA-2026-0012')).toBe(shardOf('FA-2026-0012'));
    const counts = new Array<number>(SELLER_INDEX_SHARDS).fill(0);
    for (let n = 0; n < 4000; n++) {
      const shard = shardOf(`FA-${String(n).padStart(5, '0')}`);
      counts[shard] = (counts[shard] ?? 0) + 1;
    }
    for (const count of counts) expect(count).toBeGreaterThan(4000 / SELLER_INDEX_SHARDS / 1.25);
  });

  it('should page through several shards in one order, each item once, with no empty last page', () => {
    const all = Array.from({ length: 23 }, (_, n) => `FA-${String(n).padStart(3, '0')}`);
    const shards: string[][] = Array.from({ length: SELLER_INDEX_SHARDS }, () => []);
    for (const number of all) shards[shardOf(number)]?.push(number);
    for (const limit of [1, 2, 5, 7, 23, 50]) {
      const pages = listAll(shards, limit);
      expect(pages.flat()).toEqual(all);
      expect(pages.every((page) => page.length > 0 || pages.length === 1)).toBe(true);
      expect(pages.slice(0, -1).every((page) => page.length === limit)).toBe(true);
    }
  });

  it('should end at once when every shard is empty', () => {
    const shards = Array.from({ length: SELLER_INDEX_SHARDS }, (_, shard) => shard);
    const merged = mergeShardPages<string>(
      shards.map((shard) => ({ shard, items: [], more: false })),
      10,
      byValue,
    );
    expect(merged).toMatchObject({ items: [], hasMore: false });
    expect([...merged.exhausted].sort()).toEqual(shards);
  });

  it('should keep a shard open when its query stopped at the limit, even if all it read was shown', () => {
    const merged = mergeShardPages(
      [
        { shard: 0, items: ['a', 'b'], more: true },
        { shard: 1, items: ['c'], more: false },
      ],
      2,
      byValue,
    );
    expect(merged.items).toEqual(['a', 'b']);
    expect(merged.exhausted.has(0)).toBe(false);
    expect(merged.lastShown.get(0)).toBe('b');
    expect(merged.lastShown.has(1)).toBe(false);
    expect(merged.hasMore).toBe(true);
  });
});
