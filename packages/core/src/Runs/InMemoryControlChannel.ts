import type { CancelRequest, ControlChannel, ControlSignal } from './ControlChannel.js';

/**
 * The embedded {@link ControlChannel}: signals go to the subscribers of this object, in this process, synchronously.
 * Share one instance between hosts (in a test) to play replicas.
 */
export class InMemoryControlChannel implements ControlChannel {
  readonly #listeners = new Set<(signal: ControlSignal) => void>();
  /** Run id → who asked for its cancel. */
  readonly #cancels = new Map<string, string>();
  readonly #maxCancels: number;

  /** @param maxCancels - The most cancel requests kept standing; the oldest are dropped beyond it. Defaults to 10,000. */
  constructor(maxCancels = 10_000) {
    this.#maxCancels = maxCancels;
  }

  async publish(signal: ControlSignal): Promise<void> {
    const frozen = Object.freeze({ ...signal });
    for (const listener of [...this.#listeners]) {
      try {
        listener(frozen);
      } catch {
        // A listener reports its own errors (the engine's logs them); the others still get the signal.
      }
    }
  }

  async subscribe(listener: (signal: ControlSignal) => void): Promise<() => Promise<void>> {
    // One entry per subscription, so that one listener subscribed twice is unsubscribed once per call.
    const subscription = (signal: ControlSignal): void => listener(signal);
    this.#listeners.add(subscription);
    return async () => void this.#listeners.delete(subscription);
  }

  async requestCancel(runId: string, actor: string): Promise<void> {
    this.#cancels.delete(runId);
    this.#cancels.set(runId, actor);
    if (this.#cancels.size > this.#maxCancels) this.#cancels.delete(this.#cancels.keys().next().value!);
    await this.publish({ kind: 'cancel', runId, actor });
  }

  async cancelRequests(runIds: readonly string[]): Promise<CancelRequest[]> {
    const requests: CancelRequest[] = [];
    for (const runId of runIds) {
      const actor = this.#cancels.get(runId);
      if (actor !== undefined) requests.push({ runId, actor });
    }
    return requests;
  }

  async clearCancel(runId: string): Promise<void> {
    this.#cancels.delete(runId);
  }
}
