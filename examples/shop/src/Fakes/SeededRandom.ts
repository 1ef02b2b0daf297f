/**
 * A small deterministic random number generator (mulberry32): the same seed gives the same sequence, so a fake's
 * failures repeat from one run of the example to the next.
 */
export class SeededRandom {
  #state: number;

  /** @param seed - Any integer; `stream` (e.g. the fake's name) gives each fake its own sequence from one seed. */
  constructor(seed: number, stream = '') {
    let state = seed >>> 0;
    for (const char of stream) state = Math.imul(state ^ char.charCodeAt(0), 0x9e3779b1) >>> 0;
    this.#state = state;
  }

  /** A number in [0, 1). */
  next(): number {
    this.#state = (this.#state + 0x6d2b79f5) >>> 0;
    let t = this.#state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  }

  /** An integer in [min, max]. */
  between(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
}
