declare const tokenType: unique symbol;

/**
 * A typed DI key: a symbol that remembers the type it resolves to.
 *
 * @remarks Declare an interface and a token of the same name, so the value and the type share one name:
 * `export interface Inventory {...}; export const Inventory = token<Inventory>('@acme/inventory/Inventory');`
 */
export type Token<T> = symbol & { readonly [tokenType]?: T };

/** A class usable as its own key, with any constructor signature. */
export type Newable<T> = abstract new (...args: never[]) => T;

/** What can be registered and resolved: a {@link Token} or a class. */
export type ServiceKey<T> = Token<T> | Newable<T>;

/** The type a {@link ServiceKey} resolves to. */
export type Resolved<K> = K extends Token<infer T> ? T : K extends Newable<infer T> ? T : never;

/**
 * Creates a typed {@link Token}.
 *
 * @remarks The token is `Symbol.for(name)`, so two copies of a package agree on it: namespace the name
 * (`'@acme/billing/InvoiceSource'`).
 * @example
 * ```ts
 * export interface Clock { now(): number }
 * export const Clock = token<Clock>('@acme/Clock');
 * ```
 */
export function token<T>(name: string): Token<T> {
  return Symbol.for(name) as Token<T>;
}

/** A readable name for a key, for messages. */
export function describeKey(key: ServiceKey<unknown>): string {
  return typeof key === 'symbol' ? (key.description ?? 'Symbol()') : key.name || '<anonymous class>';
}
