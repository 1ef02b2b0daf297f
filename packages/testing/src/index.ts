/**
 * @baton/testing: test Baton hosts, workflows and schedules on a virtual clock. A week of schedules runs in
 * milliseconds, deterministically. The RunStore conformance suite checks a store against the whole contract.
 *
 * @packageDocumentation
 * @module @baton/testing
 */

// Clock
export { ManualClock } from './ManualClock.js';
export type { ManualClockOptions } from './ManualClock.js';

// Conformance
export { auditLogConformance } from './Conformance/auditLogConformance.js';
export type { ConformanceCase } from './Conformance/ConformanceCase.js';
export type { ContractFactory, ContractFixture } from './Conformance/ContractFactory.js';
export { controlChannelConformance } from './Conformance/controlChannelConformance.js';
export type { ControlChannelConformanceOptions } from './Conformance/controlChannelConformance.js';
export { instanceRegistryConformance } from './Conformance/instanceRegistryConformance.js';
export { scheduleStoreConformance } from './Conformance/scheduleStoreConformance.js';
export type { ScheduleStoreConformanceOptions } from './Conformance/scheduleStoreConformance.js';
export { checkRunStoreConformance } from './Conformance/checkRunStoreConformance.js';
export type { RunStoreConformanceResult } from './Conformance/checkRunStoreConformance.js';
export { describeRunStoreConformance } from './Conformance/describeRunStoreConformance.js';
export type { TestRegistrar } from './Conformance/describeRunStoreConformance.js';
export { runStoreConformance } from './Conformance/runStoreConformance.js';
export type { RunStoreConformanceOptions } from './Conformance/runStoreConformance.js';
export type { RunStoreConformanceCase } from './Conformance/RunStoreConformanceCase.js';
export type { RunStoreConformanceContext, RunStoreFactory } from './Conformance/RunStoreFactory.js';
export type { RunStoreFixture } from './Conformance/RunStoreFixture.js';

// Host
export { createTestHost } from './createTestHost.js';
export type { TestHostBuilder, TestHostOptions } from './createTestHost.js';
export type { TestHost } from './TestHost.js';

// Logging
export { RecordingLogger } from './RecordingLogger.js';
export type { LogEntry } from './RecordingLogger.js';
