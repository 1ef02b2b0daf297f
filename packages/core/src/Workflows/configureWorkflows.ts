import { BatonError } from '../Errors/BatonError.js';
import { BatonErrorCode } from '../Errors/BatonErrorCode.js';
import type { HostBuilder } from '../Hosting/HostBuilder.js';
import { parseDuration } from '../Time/Duration.js';
import type { EngineOptions } from './Internal/EngineOptions.js';
import { defaultEngineOptions } from './Internal/EngineOptions.js';
import { WorkflowEngineOptions } from './WorkflowEngineOptions.js';

const KEYS: readonly string[] = ['leaseTtl', 'heartbeat', 'recoveryInterval', 'recoveryBatch', 'checkpointLimit', 'schedulePoll'];

/**
 * Sets the options of the host's workflow engine (lease ttl, heartbeat, recovery sweep, checkpoint limit, schedule poll), validated
 * now. Call it before the host starts, before or after `addWorkflow`; a later call replaces an earlier one.
 * @throws BATON_ERR_WORKFLOW_INVALID_OPTIONS for an unknown key or an invalid value.
 * @example
 * ```ts
 * configureWorkflows(host, { leaseTtl: '15s', checkpointLimit: 256_000 });
 * ```
 */
export function configureWorkflows(builder: HostBuilder, options: WorkflowEngineOptions): void {
  resolveEngineOptions(options);
  if (builder.services.has(WorkflowEngineOptions)) builder.services.remove(WorkflowEngineOptions);
  builder.services.addSingleton(WorkflowEngineOptions, { useValue: Object.freeze({ ...options }) });
}

/** The engine's options from {@link WorkflowEngineOptions}, with defaults, in milliseconds. */
export function resolveEngineOptions(options: WorkflowEngineOptions | undefined): Omit<EngineOptions, 'createScheduler'> {
  const where = 'configureWorkflows()';
  if (typeof options !== 'object' || options === null) throw new BatonError(BatonErrorCode.WorkflowInvalidOptions, `${where} needs an options object.`);
  const unknown = Object.keys(options).find((key) => !KEYS.includes(key));
  if (unknown !== undefined)
    throw new BatonError(BatonErrorCode.WorkflowInvalidOptions, `${where}: unknown option '${unknown}'; expected one of ${KEYS.join(', ')}.`);
  const leaseTtlMs = options.leaseTtl === undefined ? defaultEngineOptions.leaseTtlMs : positive(parseDuration(options.leaseTtl, 'leaseTtl'), 'leaseTtl');
  const heartbeatMs = options.heartbeat === undefined ? leaseTtlMs / 3 : positive(parseDuration(options.heartbeat, 'heartbeat'), 'heartbeat');
  if (heartbeatMs >= leaseTtlMs) {
    throw new BatonError(
      BatonErrorCode.WorkflowInvalidOptions,
      `${where}: heartbeat (${heartbeatMs} ms) must be shorter than leaseTtl (${leaseTtlMs} ms), or leases expire between renewals.`,
    );
  }
  const recoveryIntervalMs =
    options.recoveryInterval === undefined ? leaseTtlMs / 2 : positive(parseDuration(options.recoveryInterval, 'recoveryInterval'), 'recoveryInterval');
  const recoveryBatch = options.recoveryBatch ?? defaultEngineOptions.recoveryBatch;
  if (!Number.isInteger(recoveryBatch) || recoveryBatch < 1)
    throw new BatonError(BatonErrorCode.WorkflowInvalidOptions, `${where}: recoveryBatch must be an integer >= 1; got ${String(recoveryBatch)}.`);
  const checkpointLimit = options.checkpointLimit ?? defaultEngineOptions.checkpointLimit;
  if (!Number.isInteger(checkpointLimit) || checkpointLimit < 1)
    throw new BatonError(BatonErrorCode.WorkflowInvalidOptions, `${where}: checkpointLimit must be an integer >= 1 (bytes); got ${String(checkpointLimit)}.`);
  const schedulePollMs =
    options.schedulePoll === undefined ? defaultEngineOptions.schedulePollMs : positive(parseDuration(options.schedulePoll, 'schedulePoll'), 'schedulePoll');
  return { leaseTtlMs, heartbeatMs, recoveryIntervalMs, recoveryBatch, checkpointLimit, schedulePollMs };
}

function positive(ms: number, what: string): number {
  if (!(ms > 0)) throw new BatonError(BatonErrorCode.WorkflowInvalidOptions, `configureWorkflows(): ${what} must be longer than 0 ms.`);
  return ms;
}
