// Loggers render an Error as `{}` (its message and stack are not enumerable): before fields reach a third-party
// logger, every Error in them, however deep in plain objects and arrays, becomes plain data an operator can read.
import type { LogFields } from '@baton/core';

/** An Error as plain data: its name, message, stack, code, cause and own enumerable properties. */
export interface SerializedError {
  readonly name: string;
  readonly message: string;
  readonly stack?: string;
  readonly [property: string]: unknown;
}

const MAX_DEPTH = 8;

/**
 * A copy of `fields` in which each Error (at any depth of plain objects and arrays) is a {@link SerializedError}.
 * Other values are kept as they are; a reference back to an enclosing object becomes `'[Circular]'`. `fields` that
 * is itself an Error is logged under `error`.
 */
export function serializeFields(fields: LogFields | undefined): Record<string, unknown> {
  if (fields === undefined || fields === null) return {};
  if (fields instanceof Error) return { error: serializeError(fields) };
  return serializeEntries(fields, new Set([fields]), 0);
}

/** `error` as a {@link SerializedError}. */
export function serializeError(error: Error): SerializedError {
  return serializeErrorWithin(error, new Set(), 0);
}

function serializeErrorWithin(error: Error, ancestors: Set<object>, depth: number): SerializedError {
  ancestors.add(error);
  const serialized: Record<string, unknown> = { name: error.name, message: error.message };
  if (error.stack !== undefined) serialized['stack'] = error.stack;
  Object.assign(serialized, serializeEntries(error, ancestors, depth));
  // Not enumerable on the built-in errors.
  const { cause, errors } = error as { cause?: unknown; errors?: unknown };
  if (cause !== undefined) serialized['cause'] = serializeValue(cause, ancestors, depth + 1);
  if (error instanceof AggregateError && Array.isArray(errors)) serialized['errors'] = serializeValue(errors, ancestors, depth + 1);
  ancestors.delete(error);
  return serialized as SerializedError;
}

function serializeEntries(value: object, ancestors: Set<object>, depth: number): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) out[key] = serializeValue(item, ancestors, depth + 1);
  return out;
}

function serializeValue(value: unknown, ancestors: Set<object>, depth: number): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (ancestors.has(value)) return '[Circular]';
  if (value instanceof Error) return depth >= MAX_DEPTH ? `${value.name}: ${value.message}` : serializeErrorWithin(value, ancestors, depth);
  if (depth >= MAX_DEPTH || !(Array.isArray(value) || isPlainObject(value))) return value;
  ancestors.add(value);
  const out = Array.isArray(value) ? value.map((item) => serializeValue(item, ancestors, depth + 1)) : serializeEntries(value, ancestors, depth);
  ancestors.delete(value);
  return out;
}

function isPlainObject(value: object): boolean {
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}
