/**
 * Stable error codes. A released code is never renamed or reused.
 * Each one is documented in docs/reference/errors.md (enforced by BatonErrorCode.spec.ts).
 */
export const BatonErrorCode = {
  // Dependency injection
  DiMissingBinding: 'BATON_ERR_DI_MISSING_BINDING',
  DiCycle: 'BATON_ERR_DI_CYCLE',
  DiCaptiveDependency: 'BATON_ERR_DI_CAPTIVE_DEPENDENCY',
  DiScopedFromRoot: 'BATON_ERR_DI_SCOPED_FROM_ROOT',
  DiScopeDisposed: 'BATON_ERR_DI_SCOPE_DISPOSED',
  DiDisposeFailed: 'BATON_ERR_DI_DISPOSE_FAILED',
  DiInvalidRegistration: 'BATON_ERR_DI_INVALID_REGISTRATION',
  DiProviderBuilt: 'BATON_ERR_DI_PROVIDER_BUILT',
  // Hosting
  HostInvalidOptions: 'BATON_ERR_HOST_INVALID_OPTIONS',
  HostAlreadyStarted: 'BATON_ERR_HOST_ALREADY_STARTED',
  HostNotStarted: 'BATON_ERR_HOST_NOT_STARTED',
  HostStartupTimeout: 'BATON_ERR_HOST_STARTUP_TIMEOUT',
  HostInvalidHostedService: 'BATON_ERR_HOST_INVALID_HOSTED_SERVICE',
  HostDuplicateHostedService: 'BATON_ERR_HOST_DUPLICATE_HOSTED_SERVICE',
  HostRegistrationClosed: 'BATON_ERR_HOST_REGISTRATION_CLOSED',
  ServiceStartFailed: 'BATON_ERR_SERVICE_START_FAILED',
  ServiceFaulted: 'BATON_ERR_SERVICE_FAULTED',
  ServicesStopFailed: 'BATON_ERR_SERVICES_STOP_FAILED',
  // Time
  DurationInvalid: 'BATON_ERR_DURATION_INVALID',
} as const;

/** One of the {@link BatonErrorCode} values. */
export type BatonErrorCode = (typeof BatonErrorCode)[keyof typeof BatonErrorCode];
