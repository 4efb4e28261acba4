/** Remembers the last `capacity` ids seen, so repeated items are dropped without keeping a whole history. */
export class RecentIdSet {
  private readonly ids = new Set<string>();

  constructor(private readonly capacity: number) {}

  /** True when the id is new (and remembers it). */
  add(id: string): boolean {
    if (this.ids.has(id)) return false;
    this.ids.add(id);
    if (this.ids.size > this.capacity) {
      const oldest = this.ids.values().next();
      if (!oldest.done) this.ids.delete(oldest.value);
    }
    return true;
  }
}
