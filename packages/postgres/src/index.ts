/**
 * @baton/postgres: Baton's runs on PostgreSQL. Durable runs and checkpoints, exactly-once ticks keyed by slot, fenced
 * leases on the database clock, versioned migrations.
 *
 * @packageDocumentation
 * @module @baton/postgres
 */

// Connection
export { PostgresDatabase, PostgresDatabaseToken } from './PostgresDatabase.js';
export type { PostgresConnectionState } from './PostgresConnectionState.js';
export type { PostgresDatabaseOptions } from './PostgresDatabaseOptions.js';
export type { PostgresStats } from './PostgresStats.js';
export type { SqlValue } from './SqlValue.js';
export type { QueryOptions } from './QueryOptions.js';

// Migrations
export { migrate } from './migrate.js';
export type { MigrateOptions } from './migrate.js';
export type { MigrationResult } from './MigrationResult.js';

// Errors
export { PostgresErrorCode } from './PostgresErrorCode.js';

// Runs
export { PostgresRunStore } from './PostgresRunStore.js';
export type { PostgresRunStoreOptions } from './PostgresRunStoreOptions.js';
export { PostgresCoordinator } from './PostgresCoordinator.js';

// Operations
export { PostgresAuditLog } from './PostgresAuditLog.js';
export { PostgresControlChannel } from './PostgresControlChannel.js';
export { PostgresInstanceRegistry } from './PostgresInstanceRegistry.js';
export type { PostgresInstanceRegistryOptions } from './PostgresInstanceRegistry.js';
export { PostgresScheduleStore } from './PostgresScheduleStore.js';

// node-cron
export { createNodeCronCoordinator } from './createNodeCronCoordinator.js';
export { PostgresNodeCronCoordinator } from './PostgresNodeCronCoordinator.js';
export type { PostgresNodeCronCoordinatorSettings } from './PostgresNodeCronCoordinator.js';
export type { NodeCronCoordinatorOptions } from './NodeCronCoordinatorOptions.js';

// Host
export { addPostgres } from './addPostgres.js';
export type { PostgresOptions } from './PostgresOptions.js';
