/**
 * @baton/host: runs hosted services and background services beside your API, with .NET Generic Host semantics:
 * ordered start, LIFO stop within one shutdown budget, exception policies, process signals, health checks and winston
 * logging.
 *
 * @packageDocumentation
 * @module @baton/host
 */

export { createHost } from './createHost.js';
// The health check types live in @baton/core (so packages can register checks through its HostBuilder); re-exported here.
export type {
  HealthCheck,
  HealthCheckClass,
  HealthCheckFunction,
  HealthCheckOptions,
  HealthCheckRegistration,
  HealthCheckResult,
  HealthStatus,
} from '@baton/core';
export type { HealthReport, HealthReportEntry, HealthReportOptions } from './Health/HealthReport.js';
export type { Host } from './Host.js';
export type { HostEvents } from './HostEvents.js';
export type { HostedServiceInfo } from './HostedServiceInfo.js';
export type { HostedServiceState } from './HostedServiceState.js';
export type { HostOptions } from './HostOptions.js';
export type { HostReplOptions } from './HostReplOptions.js';
export type { HostState } from './HostState.js';
export type { LogLevel } from './LogLevel.js';
export type { OrchestrationOptions } from './OrchestrationOptions.js';
export { fromPino } from './Logging/fromPino.js';
export { fromWinston } from './Logging/fromWinston.js';
export type { PinoLike } from './Logging/PinoLike.js';
export type { WinstonLike } from './Logging/WinstonLike.js';
export type { StopResult } from './StopResult.js';
