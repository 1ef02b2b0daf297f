import { BatonError } from '../../Errors/BatonError.js';
import { BatonErrorCode } from '../../Errors/BatonErrorCode.js';
import type { InstanceRegistration } from '../InstanceRegistry.js';

/** Refuses an instance a registry must not store (BATON_ERR_RUNS_INVALID_INSTANCE); returns a plain, frozen copy. */
export function checkInstance(instance: InstanceRegistration): InstanceRegistration {
  const invalid = (why: string): BatonError => new BatonError(BatonErrorCode.RunsInvalidInstance, `InstanceRegistry.register(): ${why}.`);
  if (typeof instance !== 'object' || instance === null) throw invalid('needs an instance object');
  const { id, hostname, pid, version, services, workflows } = instance;
  if (typeof id !== 'string' || id === '') throw invalid('id must be a non-empty string');
  if (typeof hostname !== 'string' || hostname === '') throw invalid('hostname must be a non-empty string');
  if (!Number.isInteger(pid)) throw invalid(`pid must be an integer; got ${String(pid)}`);
  if (typeof version !== 'string') throw invalid('version must be a string');
  const names = (value: unknown, what: string): readonly string[] => {
    if (!Array.isArray(value) || !value.every((name) => typeof name === 'string')) throw invalid(`${what} must be an array of names`);
    return Object.freeze([...(value as string[])]);
  };
  return Object.freeze({ id, hostname, pid, version, services: names(services, 'services'), workflows: names(workflows, 'workflows') });
}
