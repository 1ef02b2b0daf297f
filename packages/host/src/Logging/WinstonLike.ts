/**
 * The part of a winston logger that {@link fromWinston} uses: `log(level, message, meta)` and `child(meta)`. A
 * `winston.Logger` has it; so can any object of the same shape. Declared here so that `@baton/host`'s public types do
 * not depend on winston's.
 */
export interface WinstonLike {
  log(level: string, message: string, meta: Record<string, unknown>): unknown;
  child(meta: Record<string, unknown>): WinstonLike;
}
