/**
 * The part of a pino logger that {@link fromPino} uses: its level methods, called pino's way (`info(fields, message)`),
 * and `child(bindings)`. A `pino.Logger` has it. Declared here so that `@baton/host` neither depends on pino nor
 * exposes its types.
 */
export interface PinoLike {
  error(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
  info(fields: Record<string, unknown>, message: string): void;
  debug(fields: Record<string, unknown>, message: string): void;
  child(bindings: Record<string, unknown>): PinoLike;
}
