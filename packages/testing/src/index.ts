/**
 * @baton/testing: test Baton hosts, workflows and schedules on a virtual clock. A week of schedules runs in
 * milliseconds, deterministically.
 *
 * @packageDocumentation
 */

// Clock
export { ManualClock } from './ManualClock.js';
export type { ManualClockOptions } from './ManualClock.js';

// Host (createTestHost and TestHost, on top of @baton/host, go here)
