/**
 * @baton/core: the model that service and orchestration authors touch. Hosted and background services,
 * scoped dependency injection, the Clock, schedules, workflows, run records and errors.
 *
 * @packageDocumentation
 */
import 'reflect-metadata';

// DependencyInjection
export { inject } from './DependencyInjection/inject.js';
export { injectable } from './DependencyInjection/injectable.js';
export { ScopeFactory } from './DependencyInjection/ScopeFactory.js';
export { ServiceCollection } from './DependencyInjection/ServiceCollection.js';
export type { Implementation, InjectableClass } from './DependencyInjection/ServiceCollection.js';
export type { ServiceLifetime } from './DependencyInjection/ServiceLifetime.js';
export type { ServiceProvider } from './DependencyInjection/ServiceProvider.js';
export type { ServiceResolver } from './DependencyInjection/ServiceResolver.js';
export type { ServiceScope } from './DependencyInjection/ServiceScope.js';
export { describeKey, token } from './DependencyInjection/Token.js';
export type { Newable, Resolved, ServiceKey, Token } from './DependencyInjection/Token.js';

// Errors
export { BatonError } from './Errors/BatonError.js';
export { BatonErrorCode } from './Errors/BatonErrorCode.js';
export { toError } from './Errors/toError.js';

// Hosting
export { BackgroundService } from './Hosting/BackgroundService.js';
export type { ExceptionPolicy, RestartOptions } from './Hosting/ExceptionPolicy.js';
export type { HostBuilder, HostedServiceClass, HostedServiceOptions, HostedServiceRegistration } from './Hosting/HostBuilder.js';
export { isHostedService } from './Hosting/HostedService.js';
export type { HostedService } from './Hosting/HostedService.js';

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

// Workflows (issue 3)

// Runs (issue 3)
