/**
 * @baton/core: the model that service and orchestration authors touch. Hosted and background services,
 * scoped dependency injection, the Clock, schedules, workflows, run records and errors.
 *
 * @packageDocumentation
 * @module @baton/core
 */

// DependencyInjection
export { constructorDependencies } from './DependencyInjection/constructorDependencies.js';
export { inject } from './DependencyInjection/inject.js';
export { injectable } from './DependencyInjection/injectable.js';
export type { InjectList } from './DependencyInjection/InjectList.js';
export type { InversifyContainer } from './DependencyInjection/InversifyContainer.js';
export { ScopeFactory } from './DependencyInjection/ScopeFactory.js';
export { ServiceCollection } from './DependencyInjection/ServiceCollection.js';
export type { Implementation, InjectableClass } from './DependencyInjection/ServiceCollection.js';
export type { ServiceCollectionOptions } from './DependencyInjection/ServiceCollectionOptions.js';
export type { ServiceLifetime } from './DependencyInjection/ServiceLifetime.js';
export type { ServiceProvider } from './DependencyInjection/ServiceProvider.js';
export type { ServiceResolver } from './DependencyInjection/ServiceResolver.js';
export type { ServiceScope } from './DependencyInjection/ServiceScope.js';
export { describeKey, token } from './DependencyInjection/Token.js';
export type { Newable, Resolved, ServiceKey, Token } from './DependencyInjection/Token.js';

// Errors
export type { AnyBatonErrorCode } from './Errors/AnyBatonErrorCode.js';
export { BatonError } from './Errors/BatonError.js';
export { BatonErrorCode } from './Errors/BatonErrorCode.js';
export { defineErrorCodes } from './Errors/defineErrorCodes.js';
export { registeredErrorCodes } from './Errors/registeredErrorCodes.js';
export { toError } from './Errors/toError.js';

// Hosting
export { BackgroundService } from './Hosting/BackgroundService.js';
export type { ExceptionPolicy, RestartOptions } from './Hosting/ExceptionPolicy.js';
export type { HostBuilder, HostedServiceClass, HostedServiceOptions, HostedServiceRegistration } from './Hosting/HostBuilder.js';
export { isHostedService } from './Hosting/HostedService.js';
export type { HostedService } from './Hosting/HostedService.js';
export { holdSingletonLease } from './Hosting/holdSingletonLease.js';
export type { SingletonLeaseOptions, SingletonLeaseState } from './Hosting/holdSingletonLease.js';
export type { SingletonOptions } from './Hosting/SingletonOptions.js';

// Hosting: health
export type { HealthCheck, HealthCheckClass, HealthCheckFunction, HealthCheckRegistration, HealthCheckResult } from './Hosting/Health/HealthCheck.js';
export type { HealthCheckOptions } from './Hosting/Health/HealthCheckOptions.js';
export type { HealthStatus } from './Hosting/Health/HealthStatus.js';

// Logging
export { Logger } from './Logging/Logger.js';
export type { LogFields } from './Logging/Logger.js';
export { NullLogger } from './Logging/NullLogger.js';

// Time
export { Clock } from './Time/Clock.js';
export { parseDuration } from './Time/Duration.js';
export type { Duration, DurationUnit } from './Time/Duration.js';
export { SystemClock, systemClock } from './Time/SystemClock.js';

// Scheduling (issue 3)
export { cron } from './Scheduling/cron.js';
export type { CronScheduleOptions } from './Scheduling/cron.js';
export { every } from './Scheduling/every.js';
export { HeapScheduler } from './Scheduling/HeapScheduler.js';
export type { HeapSchedulerOptions } from './Scheduling/HeapScheduler.js';
export type { Schedule, ScheduleOptions } from './Scheduling/Schedule.js';
export type { Scheduler, SchedulerHandle } from './Scheduling/Scheduler.js';
export type { SchedulerLag } from './Scheduling/SchedulerLag.js';

// Workflows (issue 3)
export { addWorkflow } from './Workflows/addWorkflow.js';
export { configureWorkflows } from './Workflows/configureWorkflows.js';
export { defineWorkflow } from './Workflows/defineWorkflow.js';
export type { RunInfo, StepContext, StepFunction } from './Workflows/StepContext.js';
export type { RetryOptions, StepOptions } from './Workflows/StepOptions.js';
export { Workflow } from './Workflows/Workflow.js';
export type { ParallelOutput } from './Workflows/Workflow.js';
export type { MissedPolicy, OverlapPolicy, WorkflowOptions } from './Workflows/WorkflowOptions.js';
export { WorkflowEngineOptions } from './Workflows/WorkflowEngineOptions.js';
export { Workflows } from './Workflows/Workflows.js';
export type {
  ActionOptions,
  LateImplementation,
  PauseOptions,
  StepEvent,
  TickSkipReason,
  TriggerOptions,
  WorkflowEvents,
  WorkflowInfo,
  WorkflowState,
} from './Workflows/Workflows.js';

// Runs (issue 3)
export { AuditLog } from './Runs/AuditLog.js';
export { checkAuditEntry } from './Runs/checkAuditEntry.js';
export { checkAuditQuery } from './Runs/checkAuditQuery.js';
export type { AuditAction, AuditAppend, AuditEntry, AuditOutcome, AuditPage, AuditQuery } from './Runs/AuditLog.js';
export { ControlChannel } from './Runs/ControlChannel.js';
export type { CancelRequest, ControlSignal } from './Runs/ControlChannel.js';
export { InMemoryAuditLog } from './Runs/InMemoryAuditLog.js';
export type { InMemoryAuditLogOptions } from './Runs/InMemoryAuditLog.js';
export { InMemoryControlChannel } from './Runs/InMemoryControlChannel.js';
export { InMemoryInstanceRegistry } from './Runs/InMemoryInstanceRegistry.js';
export type { InMemoryInstanceRegistryOptions } from './Runs/InMemoryInstanceRegistry.js';
export { InMemoryScheduleStore } from './Runs/InMemoryScheduleStore.js';
export { InstanceRegistry } from './Runs/InstanceRegistry.js';
export type { InstanceRecord, InstanceRegistration, InstanceStatus } from './Runs/InstanceRegistry.js';
export { ScheduleStore } from './Runs/ScheduleStore.js';
export type { ScheduleState } from './Runs/ScheduleStore.js';
export { Coordinator } from './Runs/Coordinator.js';
export type { Lease } from './Runs/Coordinator.js';
export { InMemoryCoordinator } from './Runs/InMemoryCoordinator.js';
export { InMemoryRunStore } from './Runs/InMemoryRunStore.js';
export type { InMemoryRunStoreOptions } from './Runs/InMemoryRunStore.js';
export { JsonSerializer } from './Runs/JsonSerializer.js';
export type { RunLease } from './Runs/RunLease.js';
export { checkRunQuery } from './Runs/checkRunQuery.js';
export type { RunCounts, RunPage, RunQuery } from './Runs/RunQuery.js';
export type { FinalRunStatus, RunError, RunRecord, RunStatus, RunTrigger, RunWarning } from './Runs/RunRecord.js';
export type { RecoveryKind, RunRecovery } from './Runs/RunRecovery.js';
export { RunStore } from './Runs/RunStore.js';
export { runStatuses } from './Runs/runStatuses.js';
export type { LeasedRun, ListRunsOptions, RunOutcome, StoreClaim, StoreWrite, TakeOver } from './Runs/RunStore.js';
export { Serializer } from './Runs/Serializer.js';
export type { CompensationRecord, StepRunRecord, StepStatus } from './Runs/StepRunRecord.js';
