import type { AnyBatonErrorCode } from './AnyBatonErrorCode.js';

const brand: unique symbol = Symbol.for('@baton/core/BatonError') as never;

/**
 * The single error type thrown by `@baton` packages. Branch on {@link BatonError.code}.
 *
 * @remarks
 * Use {@link BatonError.is} rather than `instanceof`: a package manager may load two copies of `@baton/core`.
 * Its code is one of core's {@link BatonErrorCode} values or a code another package defined with
 * {@link defineErrorCodes}.
 */
export class BatonError extends Error {
  readonly [brand] = true;
  override readonly name = 'BatonError';
  /** The stable `BATON_ERR_*` code; see docs/reference/errors.md, which has a section per owning package. */
  readonly code: AnyBatonErrorCode;

  constructor(code: AnyBatonErrorCode, message: string, options?: ErrorOptions) {
    super(`${message} (${code})`, options);
    this.code = code;
  }

  /** Cross-copy-safe check; pass `code` to match one kind (and narrow `error.code` to it). */
  static is<Code extends AnyBatonErrorCode = AnyBatonErrorCode>(value: unknown, code?: Code): value is BatonError & { readonly code: Code } {
    return (
      typeof value === 'object' &&
      value !== null &&
      (value as { [brand]?: unknown })[brand] === true &&
      (code === undefined || (value as BatonError).code === code)
    );
  }
}
