import type { Clock, InversifyContainer, Logger } from '@baton/core';
import type { ResolvedOrchestrations } from './ResolvedOrchestrations.js';
import type { ResolvedPolicy } from './ResolvedPolicy.js';

/** `HostOptions` after validation: defaults filled in, durations in milliseconds, one core Logger. */
export interface ResolvedHostOptions {
  readonly name: string;
  readonly shutdownTimeoutMs: number;
  /** `undefined`: no startup limit. */
  readonly startupTimeoutMs: number | undefined;
  readonly policy: ResolvedPolicy;
  readonly logger: Logger;
  readonly clock: Clock;
  readonly orchestrations: ResolvedOrchestrations;
  /** The app's inversify container, for the keys `services` does not register. */
  readonly container: InversifyContainer | undefined;
}
