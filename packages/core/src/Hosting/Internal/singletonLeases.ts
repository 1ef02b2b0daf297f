import type { BackgroundService } from '../BackgroundService.js';
import type { SingletonLeaseLoop } from './SingletonLeaseLoop.js';

/** The lease loop of each background service a host runs as a singleton (see holdSingletonLease). */
export const singletonLeases = new WeakMap<BackgroundService, SingletonLeaseLoop>();
