import type { BatonErrorCode } from './BatonErrorCode.js';

const brand: unique symbol = Symbol.for('@baton/core/BatonError') as never;

/**
 * The single error type thrown by `@baton` packages. Branch on {@link BatonError.code}.
 *
 * @remarks
 * Use {@link BatonError.is} rather than `instanceof`: a package manager may load two copies of `@baton/core`.
 */
export class BatonError extends Error {
  readonly [brand] = true;
  override readonly name = 'BatonError';
  /** The stable `BATON_ERR_*` code; see docs/reference/errors.md. */
  readonly code: BatonErrorCode;

  constructor(code: BatonErrorCode, message: string, options?: ErrorOptions) {
    super(`${message} (${code})`, options);
    this.code = code;
  }

  /** Cross-copy-safe check; pass `code` to match one kind. */
  static is(value: unknown, code?: BatonErrorCode): value is BatonError {
    return (
      typeof value === 'object' &&
      value !== null &&
      (value as { [brand]?: unknown })[brand] === true &&
      (code === undefined || (value as BatonError).code === code)
    );
  }
}
