// A Map for entries that come and go one at a time: the runs in flight of a workflow, of an engine, of a store, the
// leases held. Such a Map goes from one entry to none and back for every run, and V8 shrinks a Map's table (a new
// allocation) each time a delete empties it: with 10,000 every-second workflows, four of them were ~600 bytes of
// garbage per run, 5% of a run's allocations (bench/cases/schedules-every-second.mjs, baton-host). The entry is kept
// in two fields while it is alone; the Map holds the others. Iteration is in insertion order, as a Map's: the lone
// entry is used only while the Map is empty, so it is older than every entry in the Map.

export class SoloMap<K, V> {
  #soloKey: K | undefined;
  #solo: V | undefined;
  #hasSolo = false;
  readonly #more = new Map<K, V>();

  get size(): number {
    return this.#more.size + (this.#hasSolo ? 1 : 0);
  }

  get(key: K): V | undefined {
    if (this.#hasSolo && this.#soloKey === key) return this.#solo;
    return this.#more.size === 0 ? undefined : this.#more.get(key);
  }

  has(key: K): boolean {
    return (this.#hasSolo && this.#soloKey === key) || (this.#more.size > 0 && this.#more.has(key));
  }

  set(key: K, value: V): this {
    if (this.#hasSolo && this.#soloKey === key) this.#solo = value;
    else if (!this.#hasSolo && this.#more.size === 0) {
      this.#soloKey = key;
      this.#solo = value;
      this.#hasSolo = true;
    } else this.#more.set(key, value);
    return this;
  }

  delete(key: K): boolean {
    if (this.#hasSolo && this.#soloKey === key) {
      this.#soloKey = this.#solo = undefined;
      this.#hasSolo = false;
      return true;
    }
    return this.#more.size > 0 && this.#more.delete(key);
  }

  *entries(): IterableIterator<[K, V]> {
    if (this.#hasSolo) yield [this.#soloKey!, this.#solo!];
    yield* this.#more.entries();
  }

  *values(): IterableIterator<V> {
    if (this.#hasSolo) yield this.#solo!;
    yield* this.#more.values();
  }

  [Symbol.iterator](): IterableIterator<[K, V]> {
    return this.entries();
  }
}
