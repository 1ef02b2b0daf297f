import { BackgroundService, BatonError, BatonErrorCode, Clock, Coordinator, holdSingletonLease, isHostedService, type ServiceProvider } from '@baton/core';
import { describeValue } from './describeValue.js';
import type { HostedServiceEntry } from './HostedServiceEntry.js';
import type { HostedServiceRegistry } from './HostedServiceRegistry.js';
import type { HostingLog } from './HostingLog.js';
import { notBackgroundService } from './notBackgroundService.js';
import { serviceStartFailed } from './serviceStartFailed.js';

/**
 * Validates the provider (every registration, then the hosted services as roots resolved from the root provider)
 * and resolves each hosted service in registration order, naming it and giving it its logger.
 *
 * @remarks DI errors are thrown as they are, naming the chain. A service that cannot be created throws
 * `BATON_ERR_SERVICE_START_FAILED` (after `onFailed(name)`); a factory that returns no hosted service throws
 * `BATON_ERR_HOST_INVALID_HOSTED_SERVICE`. A singleton is put under its lease, held as `holder`; a factory's singleton
 * that is not a BackgroundService throws `BATON_ERR_HOST_INVALID_OPTIONS`.
 */
export function resolveHostedServices(
  provider: ServiceProvider,
  registry: HostedServiceRegistry,
  log: HostingLog,
  holder: string,
  onFailed: (name: string) => void,
): void {
  const entries = registry.entries;
  provider.validate();
  provider.validate(entries.map((entry) => entry.key));
  for (const entry of entries) {
    let instance: unknown;
    try {
      instance = provider.get(entry.key);
    } catch (error) {
      if (BatonError.is(error) && error.code.startsWith('BATON_ERR_DI_')) throw error;
      onFailed(entry.displayName);
      throw serviceStartFailed(entry.displayName, 'could not be created', error);
    }
    if (!isHostedService(instance)) {
      throw new BatonError(
        BatonErrorCode.HostInvalidHostedService,
        `The factory for hosted service ${entry.name === undefined ? `#${entry.index + 1}` : `'${entry.name}'`} returned ${describeValue(instance)}, not an object with start and stop methods.`,
      );
    }
    registry.assignName(entry, instance);
    entry.instance = instance;
    entry.log = log.service(entry.displayName);
    if (entry.singleton !== undefined) holdLease(entry, provider, holder);
  }
}

function holdLease(entry: HostedServiceEntry, provider: ServiceProvider, holder: string): void {
  const instance = entry.instance;
  if (!(instance instanceof BackgroundService)) throw notBackgroundService(`Hosted service '${entry.displayName}'`);
  const { key, ttlMs } = entry.singleton!;
  entry.lease = holdSingletonLease(instance, {
    coordinator: provider.get(Coordinator),
    clock: provider.get(Clock),
    key: key ?? `service:${entry.displayName}`,
    holder,
    ttlMs,
    logger: entry.log!.logger,
  });
}
