// Every list of the API pages the same way: `?limit=&cursor=` → `{ data, next_cursor }`, next_cursor null on the
// last page. `paginate` turns a page fetcher into an async iterator over the items, fetching a page only when the
// previous one is used up (stop the loop early and no further page is fetched).

export type Page<T> = { data: T[]; next_cursor: string | null };

export type PaginateOptions = {
  /** Stop after this many pages (default: no limit). */
  maxPages?: number;
  signal?: AbortSignal;
};

export async function* paginate<T>(
  fetchPage: (cursor: string | undefined) => Promise<Page<T>>,
  opts: PaginateOptions = {},
): AsyncGenerator<T, void, undefined> {
  let cursor: string | undefined;
  const seen = new Set<string>();
  for (let pages = 0; opts.maxPages === undefined || pages < opts.maxPages; pages++) {
    opts.signal?.throwIfAborted();
    const page = await fetchPage(cursor);
    for (const item of page.data) yield item;
    if (!page.next_cursor) return;
    // A server that hands back a cursor twice would loop forever; stop instead.
    if (seen.has(page.next_cursor))
      throw new Error(`paginate: the cursor ${page.next_cursor} came back twice`);
    seen.add(page.next_cursor);
    cursor = page.next_cursor;
  }
}

/** Every item of every page, in order (mind the size of what you collect). */
export async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}
