import type { ServiceKey } from '../../DependencyInjection/Token.js';
import type { Logger } from '../../Logging/Logger.js';
import type { RunInfo, StepContext } from '../StepContext.js';
import type { SignalSource } from './StepAttempt.js';

/**
 * The context a step (or a compensation) is called with. A class rather than an object literal: one small object per
 * attempt, with `signal` a getter on the prototype that asks its source, so an attempt's AbortController exists only
 * if the step reads it.
 */
/** Where a context's `get` comes from: the run, which makes its resolving function on the first ask. */
export interface ServiceSource {
  readonly resolve: <T>(key: ServiceKey<T>) => T;
}

export class RunStepContext implements StepContext<unknown> {
  readonly input: unknown;
  readonly log: Logger;
  readonly run: RunInfo;
  readonly #signal: SignalSource;
  readonly #services: ServiceSource;

  constructor(services: ServiceSource, input: unknown, signal: SignalSource, log: Logger, run: RunInfo) {
    this.#services = services;
    this.input = input;
    this.log = log;
    this.run = run;
    this.#signal = signal;
  }

  /** A getter, so that destructuring (`({ get }) => get(Token)`) works and a run whose steps never resolve anything makes no function for it. */
  get get(): <T>(key: ServiceKey<T>) => T {
    return this.#services.resolve;
  }

  get signal(): AbortSignal {
    return this.#signal.signal;
  }
}
