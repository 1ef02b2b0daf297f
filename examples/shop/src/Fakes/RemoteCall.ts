import type { Clock } from '@baton/core';
import type { FakeServiceSettings } from './FakeServiceSettings.js';
import { SeededRandom } from './SeededRandom.js';

/** What a fake remote service does before answering: wait its latency on the Clock, then maybe fail. */
export class RemoteCall {
  readonly #random: SeededRandom;

  constructor(
    private readonly service: string,
    private readonly settings: FakeServiceSettings,
    private readonly clock: Clock,
  ) {
    this.#random = new SeededRandom(settings.seed, service);
  }

  /** Resolves after the call's latency, or rejects with a transient `503`-like error (`retryable` left unset). */
  async begin(operation: string, signal: AbortSignal): Promise<void> {
    const [min, max] = this.settings.latencyMs;
    const fails = this.#random.next() < this.settings.failureRate;
    const latency = this.#random.between(min, max);
    if (!(await this.clock.sleep(latency, signal))) throw signal.reason ?? new Error(`${this.service}.${operation} was aborted`);
    if (fails) throw Object.assign(new Error(`${this.service}.${operation}: 503 Service Unavailable (simulated)`), { code: 'E_SIMULATED_503' });
  }
}
