import type { Host } from '../Host.js';

/** What the REPL reads from the host: its name and state, its hosted services, and its provider (once started). */
export type ReplHost = Pick<Host, 'name' | 'state' | 'hostedServices' | 'provider'>;
