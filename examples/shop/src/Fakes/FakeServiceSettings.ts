import { token } from '@baton/core';

/**
 * How the example's fake remote services behave: each call waits a little on the host's Clock and fails now and
 * then, like a real service behind a network. Read from the environment by `readFakeServiceSettings`.
 */
export interface FakeServiceSettings {
  /** Chance (0 to 1) that a call fails with a transient error, which the orchestrations retry. */
  readonly failureRate: number;
  /** Seed of the fakes' random numbers: the same seed fails the same calls. */
  readonly seed: number;
  /** Latency of each call, in milliseconds: a random value between the two. */
  readonly latencyMs: readonly [number, number];
}

/** DI token for {@link FakeServiceSettings}. */
export const FakeServiceSettings = token<FakeServiceSettings>('@baton/example-shop/FakeServiceSettings');
