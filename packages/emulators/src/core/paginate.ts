/**
 * One offset page of a list that is read by index (so huge lists are never copied). With `repeat`, the page also
 * carries up to 3 items of the previous page (or repeats its own first items on the first page), as shifting lists
 * do: a client must dedup by id and advance by the limit it asked for.
 */
export function paginate<T>(options: { total: number; offset: number; limit: number; at: (index: number) => T; repeat?: boolean }): T[] {
  const { total, offset, limit, at } = options;
  const page: T[] = [];
  const end = Math.min(total, offset + limit);
  for (let index = offset; index < end; index += 1) page.push(at(index));
  if (!options.repeat || page.length === 0) return page;
  if (offset > 0) {
    const from = Math.max(0, offset - 3);
    const repeated: T[] = [];
    for (let index = from; index < offset && index < total; index += 1) repeated.push(at(index));
    return [...repeated, ...page];
  }
  return [...page, ...page.slice(0, 3)];
}
