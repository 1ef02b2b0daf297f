import type { Workflows } from '@baton/core';
import type { HostState } from '../HostState.js';

/** Where a hosted service is, as the REPL shows it. */
export type ReplServiceState = 'registered' | 'running' | 'restarting' | 'faulted' | 'stopping' | 'stopped';

/** What the REPL reads from the host: its own state and its `Workflows` control (once started). */
export interface ReplHost {
  readonly name: string;
  readonly state: HostState;
  services(): readonly { readonly name: string; readonly state: ReplServiceState }[];
  /** The host's `Workflows`, resolved from `host.provider`; `undefined` before start or without workflows. */
  workflows(): Workflows | undefined;
}
