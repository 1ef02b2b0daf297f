import { toError } from '@baton/core';
import type { HealthCheckResult } from '@baton/core';

/** What {@link LoggerFailures} tells the host about. */
export interface LoggerFailureHandlers {
  /** Writes a line to stderr; the first failure is reported there, once, with its error. */
  readonly writeStderr: (text: string) => void;
  /** Called once, at the first failure (the host adds the `logger` health entry then). */
  readonly firstFailure: () => void;
}

/**
 * Counts the failures of the app's logger, as seen by the {@link ContainedLogger}s wrapping it: how many calls
 * threw, and whether the latest one did. Never throws.
 */
export class LoggerFailures {
  readonly #handlers: LoggerFailureHandlers;
  #count = 0;
  #failing = false;
  #lastError: Error | undefined;

  constructor(handlers: LoggerFailureHandlers) {
    this.#handlers = handlers;
  }

  /** How many logger calls have thrown (or rejected) so far. */
  get count(): number {
    return this.#count;
  }

  /** A logger call returned normally. */
  succeeded(): void {
    this.#failing = false;
  }

  /** A logger call threw `reason`. */
  failed(reason: unknown): void {
    this.#count++;
    this.#failing = true;
    this.#lastError = toError(reason);
    if (this.#count > 1) return;
    try {
      this.#handlers.writeStderr(
        `[baton] The logger threw; the host keeps running and drops the entries it cannot write (health entry 'logger' counts them). ` +
          `${this.#lastError.stack ?? `${this.#lastError.name}: ${this.#lastError.message}`}\n`,
      );
    } catch {
      // Nowhere left to report to.
    }
    try {
      this.#handlers.firstFailure();
    } catch {
      // The health entry is a convenience; the count is kept either way.
    }
  }

  /** The `logger` health entry: degraded while the latest call failed, healthy (with the count) once one succeeds. */
  check(): HealthCheckResult {
    const data = { failures: this.#count, ...(this.#lastError !== undefined && { lastError: this.#lastError.message }) };
    if (this.#failing) return { status: 'degraded', description: `The logger is failing: ${this.#count} call(s) threw; their entries were dropped.`, data };
    return { status: 'healthy', description: `The logger is writing; ${this.#count} earlier call(s) threw.`, data };
  }
}
