/**
 * @baton/testing: test Baton hosts, workflows and schedules on a virtual clock. A week of schedules runs in
 * milliseconds, deterministically.
 *
 * @packageDocumentation
 * @module @baton/testing
 */

// Clock
export { ManualClock } from './ManualClock.js';
export type { ManualClockOptions } from './ManualClock.js';

// Host
export { createTestHost } from './createTestHost.js';
export type { TestHostBuilder, TestHostOptions } from './createTestHost.js';
export type { TestHost } from './TestHost.js';

// Logging
export { RecordingLogger } from './RecordingLogger.js';
export type { LogEntry } from './RecordingLogger.js';
