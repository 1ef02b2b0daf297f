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
  /** The most groups in flight at once (1 unless given): each on a connection of its own. */
  readonly maxInFlight?: number;
  /**
   * Whether a call that finds room in flight waits for the end of the current turn of the event loop (`setImmediate`)
   * before it is sent, so that the calls made in the same turn (a run's end and the next run's claim) share its
   * statement. No timer: the wait is the rest of the turn, not a fixed delay.
   */
  readonly gather?: boolean;
}

/**
 * Group commit, with no timer: a call made while fewer than `maxInFlight` groups are in flight is written at once (or,
 * with `gather`, at the end of the current turn of the event loop, with the calls made in the same turn); calls made
 * while the groups in flight fill `maxInFlight` queue, and are written together, in one statement (one commit), as
 * soon as one returns. Under load, N writes cost one statement and one commit instead of N.
 *
 * @remarks When a group's statement fails with an error of the statement (not a lost server), each of its items is
 * tried again alone, so that one bad item fails alone and not its neighbours.
 */
export class GroupCommit<Item, Result> {
  readonly #options: GroupCommitOptions<Item, Result>;
  #queue: Pending<Item, Result>[] = [];
  #inFlight = 0;
  #gathering = false;

  constructor(options: GroupCommitOptions<Item, Result>) {
    this.#options = options;
  }

  /** Writes `item` (alone, or with the calls queued beside it) and resolves with its result. */
  write(item: Item): Promise<Result> {
    return new Promise<Result>((resolve, reject) => {
      this.#queue.push({ item, resolve, reject });
      if (this.#options.gather !== true) this.#next();
      else if (!this.#gathering && this.#inFlight < (this.#options.maxInFlight ?? 1)) {
        this.#gathering = true;
        setImmediate(() => {
          this.#gathering = false;
          this.#next();
        });
      }
    });
  }

  /** Sends the next group: the queued calls, up to `maxItems`, at most one per key. */
  #next(): void {
    if (this.#queue.length === 0 || this.#inFlight >= (this.#options.maxInFlight ?? 1)) return;
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
    this.#inFlight++;
    void this.#send(group).then((settle) => {
      // The next group goes out before the callers of this one resume (its calls have waited already): a caller that
      // writes again at once is written at once (or at the end of the turn) when nothing was queued, and waits for
      // that group otherwise.
      this.#inFlight--;
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
