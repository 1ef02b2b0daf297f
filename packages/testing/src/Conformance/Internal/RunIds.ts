import { randomFillSync } from 'node:crypto';

/**
 * Run ids for the conformance cases: UUIDv7 (RFC 9562), as the engine makes them, so a store with a `uuid` column
 * takes them. Each id sorts after the one made before it (a 12-bit counter within a millisecond), so "by creation"
 * and "by id" order runs alike; the random bits keep ids unique across cases that share one database.
 */
export class RunIds {
  #lastMs = 0;
  #counter = 0;
  readonly #random = new Uint8Array(8);

  next(): string {
    const now = Date.now();
    if (now > this.#lastMs) {
      this.#lastMs = now;
      this.#counter = 0;
    } else if (++this.#counter > 0xfff) {
      this.#lastMs++;
      this.#counter = 0;
    }
    randomFillSync(this.#random);
    const ms = this.#lastMs.toString(16).padStart(12, '0');
    const a = (0x7000 | this.#counter).toString(16);
    const b = (((this.#random[0]! & 0x3f) | 0x80) * 256 + this.#random[1]!).toString(16).padStart(4, '0');
    let tail = '';
    for (let index = 2; index < 8; index++) tail += this.#random[index]!.toString(16).padStart(2, '0');
    return `${ms.slice(0, 8)}-${ms.slice(8)}-${a}-${b}-${tail}`;
  }
}
