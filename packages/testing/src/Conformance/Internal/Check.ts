import { AssertionError, deepStrictEqual } from 'node:assert/strict';
import { BatonError, BatonErrorCode } from '@baton/core';

/**
 * The assertions of the conformance cases. Records are compared as plain data (as JSON would carry them), so a store
 * may leave an optional field out or build its records with another prototype; `null` for an absent field still fails.
 */
export class Check {
  /** `actual` and `expected` hold the same data. */
  static same(actual: unknown, expected: unknown, message: string): void {
    try {
      deepStrictEqual(plain(actual), plain(expected));
    } catch (error) {
      if (error instanceof AssertionError) error.message = `${message}\n${error.message}`;
      throw error;
    }
  }

  /** `condition` holds. */
  static that(condition: boolean, message: string): asserts condition {
    if (!condition) throw new AssertionError({ message });
  }

  /** `write` is refused with BATON_ERR_RUNS_STALE_EPOCH (a rejection or a throw). */
  static async refused(write: () => unknown, message: string): Promise<void> {
    await Check.fails(write, BatonErrorCode.RunsStaleEpoch, message);
  }

  /** `call` fails with a BatonError of `code` (a rejection or a throw). */
  static async fails(call: () => unknown, code: BatonErrorCode, message: string): Promise<void> {
    let outcome: { error: unknown } | undefined;
    try {
      await call();
    } catch (error) {
      outcome = { error };
    }
    if (outcome === undefined) throw new AssertionError({ message: `${message}: expected ${code}, but it succeeded.` });
    if (!BatonError.is(outcome.error, code)) {
      const got = BatonError.is(outcome.error) ? outcome.error.code : String(outcome.error);
      throw new AssertionError({ message: `${message}: expected ${code}, but it failed with ${got}.` });
    }
  }

  /** `call` succeeds (a rejection or a throw fails the check, naming what it was). */
  static async succeeds<T>(call: () => T | Promise<T>, message: string): Promise<T> {
    try {
      return await call();
    } catch (error) {
      throw new AssertionError({ message: `${message}: expected it to succeed, but it failed with ${describe(error)}.` });
    }
  }
}

/** `value` as JSON carries it: without undefined fields, prototypes or frozenness. */
function plain(value: unknown): unknown {
  return value === undefined ? undefined : JSON.parse(JSON.stringify(value));
}

function describe(error: unknown): string {
  return BatonError.is(error) ? `${error.code} (${error.message})` : error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
