import type { Page } from "./page";
import { RecentIdSet } from "./recent-id-set";

export interface FetchedPage<T> {
  items: T[];
  total?: number;
}

export interface PaginateByOffsetOptions<T> {
  offset?: number;
  limit: number;
  fetchPage: (offset: number, limit: number) => Promise<FetchedPage<T>>;
  /** The item's id for de-duplication; items without one are always kept. */
  idOf: (item: T) => string | undefined;
  /**
   * "short-page": a page shorter than the limit ends the listing (Lemlist).
   * "total": an empty page or reaching the given total ends it, a short page only when no total is given (Smartlead).
   */
  endWhen: "short-page" | "total";
  /** How many recent ids to remember for de-duplication (default 20 pages' worth, at least 2,000). */
  recentIds?: number;
}

/**
 * Streams an offset/limit listing page by page. Repeated items (a page repeating its predecessor, or a
 * newest-first list shifting while new items arrive) are dropped by id within a bounded memory.
 */
export async function* paginateByOffset<T>(options: PaginateByOffsetOptions<T>): AsyncGenerator<Page<T>, void, undefined> {
  const { limit, fetchPage, idOf, endWhen } = options;
  const seen = new RecentIdSet(options.recentIds ?? Math.max(2_000, limit * 20));
  let offset = Math.max(0, Math.floor(options.offset ?? 0));
  for (;;) {
    const fetched = await fetchPage(offset, limit);
    const rawCount = fetched.items.length;
    // A page longer than asked (extra repeated rows) still covers at most `limit` positions, and never more
    // than the platform says exist, so a checkpoint taken here is never past the end.
    const covered = offset + Math.min(rawCount, limit);
    const nextOffset = fetched.total === undefined ? covered : Math.max(offset, Math.min(covered, fetched.total));
    const items = fetched.items.filter((item) => {
      const id = idOf(item);
      return id === undefined || seen.add(id);
    });
    const done =
      rawCount === 0 ||
      (endWhen === "short-page" || fetched.total === undefined ? rawCount < limit : nextOffset >= fetched.total);
    const page: Page<T> = { items, offset, nextOffset, done };
    if (fetched.total !== undefined) page.total = fetched.total;
    yield page;
    if (done) return;
    offset = nextOffset;
  }
}
