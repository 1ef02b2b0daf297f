import { defineErrorCodes } from './defineErrorCodes.js';

/**
 * Stable error codes of `@baton/core`. A released code is never renamed or reused.
 * Each one is documented in the `@baton/core` section of docs/reference/errors.md (enforced by
 * test/errorCodes/errorCodes.int.spec.ts). Other packages define their own codes with {@link defineErrorCodes}.
 */
export const BatonErrorCode = defineErrorCodes('@baton/core', {
  // Error codes of packages (defineErrorCodes)
  ErrorCodesInvalid: 'BATON_ERR_ERROR_CODES_INVALID',
  ErrorCodesDuplicate: 'BATON_ERR_ERROR_CODES_DUPLICATE',
  // Dependency injection
  DiMissingBinding: 'BATON_ERR_DI_MISSING_BINDING',
  DiCycle: 'BATON_ERR_DI_CYCLE',
  DiCaptiveDependency: 'BATON_ERR_DI_CAPTIVE_DEPENDENCY',
  DiScopedFromRoot: 'BATON_ERR_DI_SCOPED_FROM_ROOT',
  DiScopeDisposed: 'BATON_ERR_DI_SCOPE_DISPOSED',
  DiDisposeFailed: 'BATON_ERR_DI_DISPOSE_FAILED',
  DiInvalidRegistration: 'BATON_ERR_DI_INVALID_REGISTRATION',
  DiProviderBuilt: 'BATON_ERR_DI_PROVIDER_BUILT',
  DiInvalidContainer: 'BATON_ERR_DI_INVALID_CONTAINER',
  // Hosting
  HostInvalidOptions: 'BATON_ERR_HOST_INVALID_OPTIONS',
  HostAlreadyStarted: 'BATON_ERR_HOST_ALREADY_STARTED',
  HostNotStarted: 'BATON_ERR_HOST_NOT_STARTED',
  HostStartupTimeout: 'BATON_ERR_HOST_STARTUP_TIMEOUT',
  HostInvalidHostedService: 'BATON_ERR_HOST_INVALID_HOSTED_SERVICE',
  HostDuplicateHostedService: 'BATON_ERR_HOST_DUPLICATE_HOSTED_SERVICE',
  HostRegistrationClosed: 'BATON_ERR_HOST_REGISTRATION_CLOSED',
  ServiceStartFailed: 'BATON_ERR_SERVICE_START_FAILED',
  HostStartCancelled: 'BATON_ERR_HOST_START_CANCELLED',
  ServiceFaulted: 'BATON_ERR_SERVICE_FAULTED',
  ServiceStopFailed: 'BATON_ERR_SERVICE_STOP_FAILED',
  ServicesStopFailed: 'BATON_ERR_SERVICES_STOP_FAILED',
  // Admin API (@baton/admin)
  AdminApiInvalidOptions: 'BATON_ERR_ADMIN_API_INVALID_OPTIONS',
  // Workflows
  WorkflowInvalidName: 'BATON_ERR_WORKFLOW_INVALID_NAME',
  WorkflowDuplicate: 'BATON_ERR_WORKFLOW_DUPLICATE',
  WorkflowDuplicateStep: 'BATON_ERR_WORKFLOW_DUPLICATE_STEP',
  WorkflowInvalidStep: 'BATON_ERR_WORKFLOW_INVALID_STEP',
  WorkflowInvalidRetry: 'BATON_ERR_WORKFLOW_INVALID_RETRY',
  WorkflowInvalidOptions: 'BATON_ERR_WORKFLOW_INVALID_OPTIONS',
  WorkflowEmpty: 'BATON_ERR_WORKFLOW_EMPTY',
  WorkflowUnknown: 'BATON_ERR_WORKFLOW_UNKNOWN',
  WorkflowNotReady: 'BATON_ERR_WORKFLOW_NOT_READY',
  WorkflowBindingConflict: 'BATON_ERR_WORKFLOW_BINDING_CONFLICT',
  WorkflowStepTimeout: 'BATON_ERR_WORKFLOW_STEP_TIMEOUT',
  WorkflowRunTimeout: 'BATON_ERR_WORKFLOW_RUN_TIMEOUT',
  WorkflowRunCancelled: 'BATON_ERR_WORKFLOW_RUN_CANCELLED',
  WorkflowRunUnknown: 'BATON_ERR_WORKFLOW_RUN_UNKNOWN',
  WorkflowRunNotInterrupted: 'BATON_ERR_WORKFLOW_RUN_NOT_INTERRUPTED',
  WorkflowRunNotFailed: 'BATON_ERR_WORKFLOW_RUN_NOT_FAILED',
  WorkflowNothingToCompensate: 'BATON_ERR_WORKFLOW_NOTHING_TO_COMPENSATE',
  WorkflowRunInterrupted: 'BATON_ERR_WORKFLOW_RUN_INTERRUPTED',
  WorkflowRunAbandoned: 'BATON_ERR_WORKFLOW_RUN_ABANDONED',
  WorkflowDefinitionChanged: 'BATON_ERR_WORKFLOW_DEFINITION_CHANGED',
  WorkflowInvalidAction: 'BATON_ERR_WORKFLOW_INVALID_ACTION',
  WorkflowControlFailed: 'BATON_ERR_WORKFLOW_CONTROL_FAILED',
  // Runs
  RunsStoreFailed: 'BATON_ERR_RUNS_STORE_FAILED',
  RunsInvalidOptions: 'BATON_ERR_RUNS_INVALID_OPTIONS',
  RunsStaleEpoch: 'BATON_ERR_RUNS_STALE_EPOCH',
  RunsLeaseLost: 'BATON_ERR_RUNS_LEASE_LOST',
  RunsCheckpointUnserializable: 'BATON_ERR_RUNS_CHECKPOINT_UNSERIALIZABLE',
  RunsCheckpointTooLarge: 'BATON_ERR_RUNS_CHECKPOINT_TOO_LARGE',
  RunsInvalidQuery: 'BATON_ERR_RUNS_INVALID_QUERY',
  RunsInvalidAuditEntry: 'BATON_ERR_RUNS_INVALID_AUDIT_ENTRY',
  RunsInvalidInstance: 'BATON_ERR_RUNS_INVALID_INSTANCE',
  // Time
  DurationInvalid: 'BATON_ERR_DURATION_INVALID',
  // Scheduling
  ScheduleInvalidInterval: 'BATON_ERR_SCHEDULE_INVALID_INTERVAL',
  ScheduleInvalidCron: 'BATON_ERR_SCHEDULE_INVALID_CRON',
  ScheduleInvalidTimeZone: 'BATON_ERR_SCHEDULE_INVALID_TIMEZONE',
  ScheduleInvalidOptions: 'BATON_ERR_SCHEDULE_INVALID_OPTIONS',
  SchedulerInvalidArgument: 'BATON_ERR_SCHEDULER_INVALID_ARGUMENT',
  ClockInvalidTime: 'BATON_ERR_CLOCK_INVALID_TIME',
  // Health
  HostInvalidHealthCheck: 'BATON_ERR_HOST_INVALID_HEALTH_CHECK',
  HostDuplicateHealthCheck: 'BATON_ERR_HOST_DUPLICATE_HEALTH_CHECK',
  // Logging
  HostInvalidLogger: 'BATON_ERR_HOST_INVALID_LOGGER',
  // Orchestration loading
  OrchestrationInvalidName: 'BATON_ERR_ORCHESTRATION_INVALID_NAME',
  OrchestrationUnknown: 'BATON_ERR_ORCHESTRATION_UNKNOWN',
  OrchestrationOutsideDirectory: 'BATON_ERR_ORCHESTRATION_OUTSIDE_DIRECTORY',
  OrchestrationLoadFailed: 'BATON_ERR_ORCHESTRATION_LOAD_FAILED',
  // Singleton services
  ServiceLeaseLost: 'BATON_ERR_SERVICE_LEASE_LOST',
  // @baton/admin: health, metrics, tracing (instrument)
  AdminInvalidOptions: 'BATON_ERR_ADMIN_INVALID_OPTIONS',
  AdminMetricsConflict: 'BATON_ERR_ADMIN_METRICS_CONFLICT',
} as const);

/** One of the {@link BatonErrorCode} values. */
export type BatonErrorCode = (typeof BatonErrorCode)[keyof typeof BatonErrorCode];
