import type { ServiceKey } from './Token.js';

/**
 * The static `inject` list of class `TClass`: one key per constructor parameter, in order, each resolving to that
 * parameter's type. Check a list with `satisfies`, so a list in the wrong order, or too short, does not compile.
 *
 * @example
 * ```ts
 * class StockReporter extends BackgroundService {
 *   static inject = [Clock, Logger] as const satisfies InjectList<typeof StockReporter>;
 *   constructor(private readonly clock: Clock, private readonly log: Logger) {
 *     super();
 *   }
 * }
 * ```
 */
export type InjectList<TClass extends abstract new (...args: never[]) => unknown> = TClass extends abstract new (...args: infer TParameters) => unknown
  ? { readonly [K in keyof TParameters]: ServiceKey<TParameters[K]> }
  : never;
