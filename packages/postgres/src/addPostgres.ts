import { AuditLog, ControlChannel, Coordinator, InstanceRegistry, Logger, NullLogger, RunStore, ScheduleStore, type HostBuilder } from '@baton/core';
import { PostgresConnectionHealthCheck } from './Internal/PostgresConnectionHealthCheck.js';
import { PostgresHostedService } from './Internal/PostgresHostedService.js';
import { resolvePostgresOptions } from './Internal/resolvePostgresOptions.js';
import { PostgresCoordinator } from './PostgresCoordinator.js';
import { PostgresDatabase, PostgresDatabaseToken } from './PostgresDatabase.js';
import type { PostgresOptions } from './PostgresOptions.js';
import { PostgresRunStore } from './PostgresRunStore.js';
import { PostgresAuditLog } from './PostgresAuditLog.js';
import { PostgresControlChannel } from './PostgresControlChannel.js';
import { PostgresInstanceRegistry } from './PostgresInstanceRegistry.js';
import { PostgresScheduleStore } from './PostgresScheduleStore.js';

/**
 * Puts the host's runs on PostgreSQL: binds `RunStore` to a {@link PostgresRunStore} and `Coordinator` to a
 * {@link PostgresCoordinator}, and the operations contracts `ScheduleStore`, `AuditLog`, `InstanceRegistry` and
 * `ControlChannel` to {@link PostgresScheduleStore}, {@link PostgresAuditLog}, {@link PostgresInstanceRegistry} and
 * {@link PostgresControlChannel} (LISTEN/NOTIFY), sharing one pool ({@link PostgresDatabaseToken}).
 *
 * @remarks Options are checked here, at registration: an unknown key or a wrong value throws
 * BATON_ERR_POSTGRES_INVALID_OPTIONS, a missing or malformed URL BATON_ERR_POSTGRES_INVALID_URL. As the host starts
 * (before any service starts), it connects, measures the clock skew and applies missing migrations under an advisory
 * lock; a server that does not answer within `connectTimeout` fails the start with BATON_ERR_POSTGRES_UNREACHABLE
 * (naming host and port, never the password), a schema newer than the code with BATON_ERR_POSTGRES_SCHEMA_TOO_NEW. It
 * registers the health check `postgres:connection` (tag `ready`), and closes the pool once every service has stopped.
 * @example
 * ```ts
 * const host = createHost();
 * addPostgres(host, { url: process.env.DATABASE_URL });
 * addWorkflow(host, syncStock);
 * await host.start();
 * ```
 */
export function addPostgres(builder: HostBuilder, options: PostgresOptions = {}): void {
  const resolved = resolvePostgresOptions(options);
  const { services } = builder;
  services.addSingleton(PostgresDatabaseToken, {
    useFactory: (resolver) =>
      new PostgresDatabase({
        url: resolved.url,
        schema: resolved.schema,
        poolSize: resolved.poolSize,
        connectTimeoutMs: resolved.connectTimeoutMs,
        retryTimeoutMs: resolved.retryTimeoutMs,
        queueTimeoutMs: resolved.queueTimeoutMs,
        applicationName: resolved.applicationName,
        logger: (resolver.tryGet(Logger) ?? NullLogger).child({ component: 'postgres' }),
      }),
  });
  services.addSingleton(RunStore, {
    useFactory: (resolver) =>
      new PostgresRunStore(resolver.get(PostgresDatabaseToken), {
        ...(resolved.maxRunsPerWorkflow === undefined ? {} : { maxRunsPerWorkflow: resolved.maxRunsPerWorkflow }),
        ...(resolved.maxAgeMs === undefined ? {} : { maxAgeMs: resolved.maxAgeMs }),
      }),
    deps: [PostgresDatabaseToken],
  });
  services.addSingleton(Coordinator, { useFactory: (resolver) => new PostgresCoordinator(resolver.get(PostgresDatabaseToken)), deps: [PostgresDatabaseToken] });
  // The operations contracts: pauses and last slots, the audit log, the instances, and cancel through LISTEN/NOTIFY.
  const database = { deps: [PostgresDatabaseToken] };
  services.addSingleton(ScheduleStore, { useFactory: (resolver) => new PostgresScheduleStore(resolver.get(PostgresDatabaseToken)), ...database });
  services.addSingleton(AuditLog, { useFactory: (resolver) => new PostgresAuditLog(resolver.get(PostgresDatabaseToken)), ...database });
  services.addSingleton(InstanceRegistry, { useFactory: (resolver) => new PostgresInstanceRegistry(resolver.get(PostgresDatabaseToken)), ...database });
  services.addSingleton(ControlChannel, {
    useFactory: (resolver) =>
      new PostgresControlChannel(resolver.get(PostgresDatabaseToken), (resolver.tryGet(Logger) ?? NullLogger).child({ component: 'postgres' })),
    ...database,
  });
  builder.addHostedService(
    (resolver) => {
      const store = resolver.get(RunStore);
      const db = resolver.get(PostgresDatabaseToken);
      return new PostgresHostedService(
        db,
        store instanceof PostgresRunStore ? store : new PostgresRunStore(db),
        (resolver.tryGet(Logger) ?? NullLogger).child({ component: 'postgres' }),
        {
          migrate: resolved.migrate,
          retentionIntervalMs: resolved.retentionIntervalMs,
        },
      );
    },
    { name: 'postgres' },
  );
  builder.addHealthCheck('postgres:connection', PostgresConnectionHealthCheckClass, { tags: ['ready'] });
}

/** The health check as the container builds it, from the pool. */
class PostgresConnectionHealthCheckClass extends PostgresConnectionHealthCheck {
  static readonly inject = [PostgresDatabaseToken] as const;
}
