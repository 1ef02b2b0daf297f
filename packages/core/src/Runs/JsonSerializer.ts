import { BatonError } from '../Errors/BatonError.js';
import { BatonErrorCode } from '../Errors/BatonErrorCode.js';
import type { Serializer } from './Serializer.js';

// JSON with tagged values. What JSON has no form for is written as an object with one `$t` key naming its type and a
// `v` carrying its data; a plain object that happens to own a `$t` key is itself wrapped (`obj`), so decoding is exact.
type Tagged =
  | { $t: 'undef' }
  | { $t: 'num'; v: 'NaN' | 'Infinity' | '-Infinity' | '-0' }
  | { $t: 'bigint'; v: string }
  | { $t: 'date'; v: string | null }
  | { $t: 'map'; v: [unknown, unknown][] }
  | { $t: 'set'; v: unknown[] }
  | { $t: 'error'; v: { name: string; message: string; stack?: string; code?: unknown; cause?: unknown } }
  | { $t: 'obj'; v: Record<string, unknown> };

const UNDEFINED_TEXT = JSON.stringify({ $t: 'undef' });

/**
 * The default {@link Serializer}: JSON that round-trips `Date`, `BigInt`, `Map`, `Set`, `undefined` (also in arrays
 * and as a property), `NaN`, `±Infinity`, `-0` and `Error` (name, message, stack, `code` and `cause`).
 *
 * @remarks Plain objects, arrays and the types above are encoded; an object with a `toJSON` method as what that returns,
 * and any other class instance as its own enumerable properties (it comes back a plain object, as with JSON). What
 * cannot be restored at all is refused with BATON_ERR_RUNS_CHECKPOINT_UNSERIALIZABLE, naming its type and path:
 * functions, symbols, promises, weak collections, binary buffers (give them a `toJSON`), circular references. An object
 * reached twice without a cycle is encoded twice.
 */
export class JsonSerializer implements Serializer {
  serialize(value: unknown): string {
    // The output of a step that returns nothing, the most common checkpoint: one shared text.
    if (value === undefined) return UNDEFINED_TEXT;
    return JSON.stringify(encode(value, '$', []));
  }

  deserialize(text: string): unknown {
    return decode(JSON.parse(text) as unknown);
  }
}

function encode(value: unknown, path: string, ancestors: object[]): unknown {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      if (Number.isNaN(value)) return { $t: 'num', v: 'NaN' };
      if (value === Infinity) return { $t: 'num', v: 'Infinity' };
      if (value === -Infinity) return { $t: 'num', v: '-Infinity' };
      if (Object.is(value, -0)) return { $t: 'num', v: '-0' };
      return value;
    case 'undefined':
      return { $t: 'undef' };
    case 'bigint':
      return { $t: 'bigint', v: value.toString() };
    case 'function':
    case 'symbol':
      throw unserializable(typeof value, path);
  }
  if (value === null) return null;
  const object = value as object;
  if (ancestors.includes(object)) throw unserializable('circular reference', path);
  ancestors.push(object);
  try {
    return encodeObject(object, path, ancestors);
  } finally {
    ancestors.pop();
  }
}

function encodeObject(object: object, path: string, ancestors: object[]): unknown {
  if (Array.isArray(object)) {
    const items: unknown[] = [];
    for (let index = 0; index < object.length; index++) items.push(encode(object[index], `${path}[${index}]`, ancestors));
    return items;
  }
  if (object instanceof Date) return { $t: 'date', v: Number.isNaN(object.getTime()) ? null : object.toISOString() };
  if (object instanceof Map) {
    const entries: [unknown, unknown][] = [];
    let index = 0;
    for (const [key, item] of object) {
      entries.push([encode(key, `${path}.<key ${index}>`, ancestors), encode(item, `${path}.get(${describeKey(key)})`, ancestors)]);
      index++;
    }
    return { $t: 'map', v: entries };
  }
  if (object instanceof Set) {
    const items: unknown[] = [];
    let index = 0;
    for (const item of object) items.push(encode(item, `${path}.<item ${index++}>`, ancestors));
    return { $t: 'set', v: items };
  }
  if (object instanceof Error) {
    const error = object as Error & { code?: unknown };
    const v: Extract<Tagged, { $t: 'error' }>['v'] = { name: error.name, message: error.message };
    if (error.stack !== undefined) v.stack = error.stack;
    if (error.code !== undefined) v.code = encode(error.code, `${path}.code`, ancestors);
    if (error.cause !== undefined) v.cause = encode(error.cause, `${path}.cause`, ancestors);
    return { $t: 'error', v };
  }
  const prototype = Object.getPrototypeOf(object) as unknown;
  if (prototype !== Object.prototype && prototype !== null) {
    const toJSON = (object as { toJSON?: unknown }).toJSON;
    if (typeof toJSON === 'function') return encode(toJSON.call(object) as unknown, path, ancestors);
    // Kinds whose state is not in their own properties would come back empty: refuse them rather than lose them.
    if (object instanceof Promise || object instanceof WeakMap || object instanceof WeakSet || ArrayBuffer.isView(object) || object instanceof ArrayBuffer) {
      throw unserializable(typeName(object), path);
    }
    // Any other class instance is stored as its own enumerable properties, as JSON would: it comes back a plain object.
  }
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(object)) out[key] = encode((object as Record<string, unknown>)[key], `${path}.${key}`, ancestors);
  return Object.hasOwn(out, '$t') ? { $t: 'obj', v: out } : out;
}

function decode(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(decode);
  const record = value as Record<string, unknown>;
  if (!Object.hasOwn(record, '$t')) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(record)) out[key] = decode(record[key]);
    return out;
  }
  const tagged = record as Tagged;
  switch (tagged.$t) {
    case 'undef':
      return undefined;
    case 'num':
      return tagged.v === '-0' ? -0 : Number(tagged.v);
    case 'bigint':
      return BigInt(tagged.v);
    case 'date':
      return new Date(tagged.v ?? Number.NaN);
    case 'map':
      return new Map(tagged.v.map(([key, item]) => [decode(key), decode(item)]));
    case 'set':
      return new Set(tagged.v.map(decode));
    case 'error': {
      const { name, message, stack, code, cause } = tagged.v;
      const error = cause === undefined ? new Error(message) : new Error(message, { cause: decode(cause) });
      error.name = name;
      if (stack === undefined) delete error.stack;
      else error.stack = stack;
      if (code !== undefined) (error as Error & { code?: unknown }).code = decode(code);
      return error;
    }
    case 'obj': {
      const out: Record<string, unknown> = {};
      for (const key of Object.keys(tagged.v)) out[key] = decode(tagged.v[key]);
      return out;
    }
    default:
      throw new BatonError(
        BatonErrorCode.RunsCheckpointUnserializable,
        `A checkpoint holds an unknown tag ${JSON.stringify((tagged as { $t: unknown }).$t)}; it was not written by JsonSerializer.`,
      );
  }
}

function typeName(object: object): string {
  const name = (object.constructor as { name?: unknown } | undefined)?.name;
  return typeof name === 'string' && name !== '' ? `an instance of ${name}` : 'an object with a custom prototype';
}

function describeKey(key: unknown): string {
  return typeof key === 'string' ? JSON.stringify(key) : typeof key === 'number' || typeof key === 'boolean' ? String(key) : typeof key;
}

function unserializable(what: string, path: string): BatonError {
  return new BatonError(
    BatonErrorCode.RunsCheckpointUnserializable,
    `${what} at ${path} cannot be checkpointed: return plain data (objects, arrays, strings, numbers, booleans, null, Date, BigInt, Map, Set, Error).`,
  );
}
