import type { ProcessLike } from './ProcessSignalLifetime.js';

/** What the host takes from its surroundings; tests pass fakes. */
export interface HostDependencies {
  readonly process: ProcessLike;
  /** A number in [0, 1), for restart jitter. */
  readonly random: () => number;
  /** Writes to stderr: where a failing logger is reported, once. */
  readonly writeStderr: (text: string) => void;
}
