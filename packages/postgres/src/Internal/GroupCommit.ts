/** One call waiting in a {@link GroupCommit}. */
interface Pending<Item, Result> {
  readonly item: Item;
  readonly resolve: (result: Result) => void;
  readonly reject: (error: unknown) => void;
}

/** How a {@link GroupCommit} writes. */
export interface GroupCommitOptions<Item, Result> {
  /** Writes one item alone (its own statement): the path of every call that finds no write of its kind in flight. */
  readonly one: (item: Item) => Promise<Result>;
  /**
   * Writes several items in one statement, and resolves with one result per item, in their order. An item's own
   * failure (a fenced write that matched no row) is its result, never a rejection: a rejection fails the whole group.
   */
  readonly many: (items: readonly Item[]) => Promise<Result[]>;
  /** Items with the same key never share a statement (two writes of one run keep their order and their fencing). */
  readonly key: (item: Item) => string;
  /** The most items in one statement. */
  readonly maxItems: number;
  /** Whether a rejection of `many` is worth trying item by item (an error of the statement, not a lost server). */
  readonly retryAlone: (error: unknown) => boolean;
}

/**
 * Group commit for one kind of write, with no added wait: a call made while no write of its kind is in flight is
 * written at once, alone; calls made while one is in flight queue, and are written together, in one statement (one
 * commit), as soon as it returns. At a concurrency of one nothing changes; under load, N writes cost one statement and
 * one commit instead of N.
 *
 * @remarks When a group's statement fails with an error of the statement (not a lost server), each of its items is
 * tried again alone, so that one bad item fails alone and not its neighbours.
 */
export class GroupCommit<Item, Result> {
  readonly #options: GroupCommitOptions<Item, Result>;
  #queue: Pending<Item, Result>[] = [];
  #inFlight = false;

  constructor(options: GroupCommitOptions<Item, Result>) {
    this.#options = options;
  }

  /** Writes `item` (alone, or with the calls queued beside it) and resolves with its result. */
  write(item: Item): Promise<Result> {
    return new Promise<Result>((resolve, reject) => {
      this.#queue.push({ item, resolve, reject });
      if (!this.#inFlight) this.#next();
    });
  }

  /** Sends the next group: the queued calls, up to `maxItems`, at most one per key. */
  #next(): void {
    if (this.#queue.length === 0) return;
    const group: Pending<Item, Result>[] = [];
    const keys = new Set<string>();
    const rest: Pending<Item, Result>[] = [];
    for (const pending of this.#queue) {
      const key = this.#options.key(pending.item);
      if (group.length < this.#options.maxItems && !keys.has(key)) {
        keys.add(key);
        group.push(pending);
      } else {
        rest.push(pending);
      }
    }
    this.#queue = rest;
    this.#inFlight = true;
    void this.#send(group).then((settle) => {
      // The next group goes out before the callers of this one resume: a caller that writes again at once is
      // written at once when nothing was queued, and waits for that group otherwise.
      this.#inFlight = false;
      this.#next();
      for (const done of settle) done();
    });
  }

  /** Writes `group` and resolves with one function per call, which settles it (never rejects). */
  async #send(group: readonly Pending<Item, Result>[]): Promise<(() => void)[]> {
    if (group.length === 1) return [await outcome(group[0]!, this.#options.one)];
    try {
      const results = await this.#options.many(group.map((pending) => pending.item));
      return group.map((pending, index) => () => pending.resolve(results[index]!));
    } catch (error) {
      if (!this.#options.retryAlone(error)) return group.map((pending) => () => pending.reject(error));
      const settle: (() => void)[] = [];
      for (const pending of group) settle.push(await outcome(pending, this.#options.one));
      return settle;
    }
  }
}

/** Writes `pending`'s item alone, and resolves with the function that settles its call. */
async function outcome<Item, Result>(pending: Pending<Item, Result>, one: (item: Item) => Promise<Result>): Promise<() => void> {
  try {
    const result = await one(pending.item);
    return () => pending.resolve(result);
  } catch (error) {
    return () => pending.reject(error);
  }
}
