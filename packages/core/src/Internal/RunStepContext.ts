import type { ServiceKey } from '../DependencyInjection/Token.js';
import type { Logger } from '../Logging/Logger.js';
import type { RunInfo, StepContext } from '../Workflows/StepContext.js';
import type { SignalSource } from './StepAttempt.js';

/**
 * The context a step (or a compensation) is called with. A class rather than an object literal: one small object per
 * attempt, with `signal` a getter on the prototype that asks its source, so an attempt's AbortController exists only
 * if the step reads it.
 */
export class RunStepContext implements StepContext<unknown> {
  readonly get: <T>(key: ServiceKey<T>) => T;
  readonly input: unknown;
  readonly log: Logger;
  readonly run: RunInfo;
  readonly #signal: SignalSource;

  constructor(get: <T>(key: ServiceKey<T>) => T, input: unknown, signal: SignalSource, log: Logger, run: RunInfo) {
    this.get = get;
    this.input = input;
    this.log = log;
    this.run = run;
    this.#signal = signal;
  }

  get signal(): AbortSignal {
    return this.#signal.signal;
  }
}
