// Cursor pagination: `limit`, `starting_after` (the last item's cursor), `has_more`.

/** One page of a list, as the API answers it. */
export interface Page<T> {
  object?: string;
  data: T[];
  has_more: boolean;
}

/**
 * A list request. `await` it for the first page; iterate it (`for await … of`) for every item
 * of every page, each page fetched when the previous one is used up.
 */
export class PageList<T> implements PromiseLike<Page<T>>, AsyncIterable<T> {
  #first: Promise<Page<T>> | undefined;

  constructor(
    private readonly fetchPage: (startingAfter: string | number | undefined) => Promise<Page<T>>,
    private readonly cursor: (item: T) => string | number,
    private readonly startingAfter: string | number | undefined,
  ) {}

  then<A = Page<T>, B = never>(
    onfulfilled?: ((page: Page<T>) => A | PromiseLike<A>) | null,
    onrejected?: ((reason: unknown) => B | PromiseLike<B>) | null,
  ): Promise<A | B> {
    this.#first ??= this.fetchPage(this.startingAfter);
    return this.#first.then(onfulfilled, onrejected);
  }

  async *[Symbol.asyncIterator](): AsyncIterator<T> {
    for await (const page of this.pages()) yield* page.data;
  }

  /** Every page, one after the other. */
  async *pages(): AsyncGenerator<Page<T>> {
    let after = this.startingAfter;
    for (;;) {
      const page = await this.fetchPage(after);
      yield page;
      const last = page.data.at(-1);
      if (!page.has_more || last === undefined) return;
      after = this.cursor(last);
    }
  }

  /** Every item of every page (at most `max`). */
  async toArray(max = Infinity): Promise<T[]> {
    const items: T[] = [];
    for await (const item of this) {
      if (items.length >= max) break;
      items.push(item);
    }
    return items;
  }
}
