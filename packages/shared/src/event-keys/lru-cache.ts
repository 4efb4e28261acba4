interface Entry<V> {
  value: V;
  /** The insertion count when the entry was last put at the newest end. */
  placed: number;
}

/**
 * A bounded least-recently-used map on Map's insertion order: set evicts the oldest. get moves an entry to the
 * newest end only once it has fallen out of the newest half (half the capacity placed after it): a hit on a
 * recent entry, the usual case for hot keys, costs one lookup instead of a delete and a re-insert. Eviction
 * order is LRU's, give or take half the capacity.
 */
export class LruCache<V> {
  private readonly entries = new Map<string, Entry<V>>();
  private placements = 0;
  private readonly refreshAfter: number;

  constructor(private readonly maxSize: number) {
    if (!Number.isInteger(maxSize) || maxSize < 1) throw new RangeError("LRU cache size must be a positive integer");
    this.refreshAfter = Math.ceil(maxSize / 2);
  }

  get size(): number {
    return this.entries.size;
  }

  get(key: string): V | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    if (this.placements - entry.placed >= this.refreshAfter) {
      this.entries.delete(key);
      entry.placed = ++this.placements;
      this.entries.set(key, entry);
    }
    return entry.value;
  }

  peek(key: string): V | undefined {
    return this.entries.get(key)?.value;
  }

  set(key: string, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, { value, placed: ++this.placements });
    if (this.entries.size > this.maxSize) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
  }

  delete(key: string): boolean {
    return this.entries.delete(key);
  }

  /** Empties the cache and says how many entries it held. */
  clear(): number {
    const previous = this.entries.size;
    this.entries.clear();
    return previous;
  }
}
