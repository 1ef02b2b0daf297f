// A bounded JSON text of any value, for run records and error messages. It walks the value and stops once the text
// passes the limit, so it never stringifies a large value whole, never keeps a slice of one (a V8 slice keeps its
// parent string alive), never recurses deeper than the limit allows, and never throws.

/** What a part of a value that cannot be read (a throwing `toJSON`, getter or Proxy trap) is written as. */
export const UNSERIALIZABLE = '"[unserializable]"';

/** A value `resolve` could not read. */
const UNREADABLE: unique symbol = Symbol('unreadable');

/**
 * The JSON text of `value`, at most `limit` characters (cut with `…`).
 *
 * @remarks Reads as `JSON.stringify` does (`toJSON`, own enumerable keys, `undefined` left out of objects and
 * `null` in arrays), with these differences: a bigint is written `"5n"`, a function `"[function name]"`, a symbol
 * `"Symbol(description)"`, a reference back to an enclosing object `"[circular]"` (the same object twice, side by
 * side, is written twice), and a part that cannot be read {@link UNSERIALIZABLE}. `undefined` is written `undefined`.
 */
export function jsonSummary(value: unknown, limit: number): string {
  // Primitives JSON knows need no walk: the same text, without the writer.
  if (typeof value === 'number') return Number.isFinite(value) ? cut(String(value), limit) : 'null';
  if (typeof value === 'string') return cut(JSON.stringify(value.length > limit ? value.slice(0, limit) : value), limit);
  if (typeof value === 'boolean' || value === null) return String(value);
  try {
    const writer = new BoundedJsonWriter(limit);
    writer.write(writer.resolve(value, ''));
    return writer.text();
  } catch {
    // Nothing above should throw; a summary is never worth failing for.
    return UNSERIALIZABLE;
  }
}

function cut(text: string, limit: number): string {
  return text.length <= limit ? text : `${text.slice(0, limit - 1)}…`;
}

class BoundedJsonWriter {
  readonly #limit: number;
  readonly #parts: string[] = [];
  #length = 0;
  /** The objects being written, outermost first: meeting one again is a cycle. */
  readonly #ancestors: object[] = [];

  constructor(limit: number) {
    this.#limit = limit;
  }

  /** The text so far, cut to the limit. */
  text(): string {
    return cut(this.#parts.join(''), this.#limit);
  }

  /** The text has passed the limit: nothing more will show. */
  get #full(): boolean {
    return this.#length > this.#limit;
  }

  /** `value` as JSON.stringify with the summary's replacer would see it: after `toJSON`, non-JSON types as text. */
  resolve(value: unknown, key: string): unknown {
    try {
      if ((typeof value === 'object' && value !== null) || typeof value === 'function' || typeof value === 'bigint') {
        const toJSON = (value as { toJSON?: unknown }).toJSON;
        if (typeof toJSON === 'function') value = toJSON.call(value, key) as unknown;
      }
      switch (typeof value) {
        case 'bigint':
          return `${value}n`;
        case 'function': {
          const name = (value as { name?: unknown }).name;
          return `[function ${typeof name === 'string' && name !== '' ? name : 'anonymous'}]`;
        }
        case 'symbol':
          return String(value);
        default:
          return value;
      }
    } catch {
      return UNREADABLE;
    }
  }

  /** Writes a resolved value (see `resolve`). */
  write(value: unknown): void {
    if (this.#full) return;
    if (value === UNREADABLE) return this.#push(UNSERIALIZABLE);
    switch (typeof value) {
      case 'string':
        return this.#string(value);
      case 'number':
        return this.#push(Number.isFinite(value) ? String(value) : 'null');
      case 'boolean':
        return this.#push(value ? 'true' : 'false');
      case 'undefined':
        return this.#push('undefined');
      case 'object':
        return value === null ? this.#push('null') : this.#object(value);
      default:
        return this.#push(UNSERIALIZABLE);
    }
  }

  #object(value: object): void {
    if (this.#ancestors.includes(value)) return this.#push('"[circular]"');
    // What is written of an object that fails half-way (a Proxy trap, say) is taken back, and the object marked.
    const parts = this.#parts.length;
    const length = this.#length;
    this.#ancestors.push(value);
    try {
      if (value instanceof Number) this.write(Number(value));
      else if (value instanceof String) this.#string(String(value));
      else if (value instanceof Boolean) this.write(value.valueOf());
      else if (value instanceof BigInt) this.#string(`${value.valueOf()}n`);
      else if (Array.isArray(value)) this.#array(value as unknown[]);
      else this.#properties(value as Record<string, unknown>);
    } catch {
      this.#parts.length = parts;
      this.#length = length;
      this.#push(UNSERIALIZABLE);
    } finally {
      this.#ancestors.pop();
    }
  }

  #array(array: readonly unknown[]): void {
    this.#push('[');
    const length = array.length;
    for (let index = 0; index < length && !this.#full; index++) {
      if (index > 0) this.#push(',');
      const item = this.#read(array, index);
      const resolved = item === UNREADABLE ? item : this.resolve(item, String(index));
      this.write(resolved === undefined ? null : resolved);
    }
    this.#push(']');
  }

  #properties(object: Record<string, unknown>): void {
    this.#push('{');
    let first = true;
    // for...in rather than Object.keys: the walk stops at the limit without listing every key of a large object.
    for (const key in object) {
      if (this.#full) break;
      if (!Object.prototype.hasOwnProperty.call(object, key)) continue;
      const item = this.#read(object, key);
      const resolved = item === UNREADABLE ? item : this.resolve(item, key);
      if (resolved === undefined) continue;
      if (!first) this.#push(',');
      first = false;
      this.#string(key);
      this.#push(':');
      this.write(resolved);
    }
    this.#push('}');
  }

  #read(holder: object, key: string | number): unknown {
    try {
      return (holder as Record<string | number, unknown>)[key];
    } catch {
      return UNREADABLE;
    }
  }

  /** Writes `text` as a JSON string, escaping no more of it than can show. */
  #string(text: string): void {
    const room = this.#limit - this.#length;
    // A new string (JSON.stringify copies), so the summary keeps no slice of a long `text` alive.
    this.#push(JSON.stringify(text.length > room ? text.slice(0, room) : text));
  }

  #push(text: string): void {
    this.#parts.push(text);
    this.#length += text.length;
  }
}
