import type { StartPhase } from './callPhase.js';
import type { HostedServiceEntry } from './HostedServiceEntry.js';

/** A start phase was abandoned because the startup signal aborted (timeout, caller's signal, stop or fault). */
export class StartInterrupted {
  constructor(
    readonly entry: HostedServiceEntry,
    readonly phase: StartPhase,
  ) {}
}
