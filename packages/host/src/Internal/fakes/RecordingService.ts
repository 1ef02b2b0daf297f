import type { HostedService } from '@baton/core';

/** Behaviour overrides for a {@link RecordingService}, per method. */
export type Behaviour = Partial<Record<'starting' | 'start' | 'started' | 'stopping' | 'stop' | 'stopped', (signal: AbortSignal) => Promise<void>>>;

/**
 * A hosted service with every lifecycle hook, recording `<name>:<method>` into a shared journal when each is
 * called. Pass `behaviour` to make a method hang, throw or watch its signal.
 */
export class RecordingService implements HostedService {
  constructor(
    readonly name: string,
    readonly journal: string[],
    readonly behaviour: Behaviour = {},
  ) {}

  starting(signal: AbortSignal): Promise<void> {
    return this.#call('starting', signal);
  }

  start(signal: AbortSignal): Promise<void> {
    return this.#call('start', signal);
  }

  started(signal: AbortSignal): Promise<void> {
    return this.#call('started', signal);
  }

  stopping(signal: AbortSignal): Promise<void> {
    return this.#call('stopping', signal);
  }

  stop(signal: AbortSignal): Promise<void> {
    return this.#call('stop', signal);
  }

  stopped(signal: AbortSignal): Promise<void> {
    return this.#call('stopped', signal);
  }

  async #call(method: keyof Behaviour, signal: AbortSignal): Promise<void> {
    this.journal.push(`${this.name}:${method}`);
    await this.behaviour[method]?.(signal);
  }
}
