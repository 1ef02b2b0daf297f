import { BatonError, BatonErrorCode, toError, type ServiceCollection, type ServiceKey, type ServiceResolver } from '@baton/core';
import type { HealthCheck } from '@baton/core';
import { describeValue } from './describeValue.js';
import { HealthCheckEntry, type HealthCheckSource } from './HealthCheckEntry.js';
import { invalidOptions } from './invalidOptions.js';
import { parseOptionDuration } from './parseOptionDuration.js';

const DEFAULT_TIMEOUT_MS = 5_000;
const OPTION_KEYS: ReadonlySet<string> = new Set(['timeout', 'tags']);

/**
 * The health checks registered with `addHealthCheck`, in registration order.
 *
 * @remarks Tells a class from a function by its prototype, as `addHostedService` does: a function whose prototype
 * has `check` is a class, resolved from the provider at start; any other function is the check itself. An object
 * with a `check` method is an instance.
 */
export class HealthCheckRegistry {
  /** Names of the built-in entries of a report; a registered check cannot take them. */
  static readonly builtIn: readonly string[] = ['host', 'workflows'];

  readonly #entries: HealthCheckEntry[] = [];

  get entries(): readonly HealthCheckEntry[] {
    return this.#entries;
  }

  add(name: unknown, registration: unknown, options: unknown): void {
    if (typeof name !== 'string' || name.trim() === '') {
      throw invalidCheck(`addHealthCheck needs a non-empty name as its first argument; got ${describeValue(name)}.`);
    }
    if (HealthCheckRegistry.builtIn.includes(name)) {
      throw duplicate(`The health check name '${name}' is built in (every report has '${HealthCheckRegistry.builtIn.join("' and '")}'). Choose another name.`);
    }
    if (this.#entries.some((entry) => entry.name === name)) {
      throw duplicate(`A health check named '${name}' is already registered. Give this one a different name.`);
    }
    const source = classify(name, registration);
    const { timeoutMs, tags } = readOptions(name, options);
    this.#entries.push(new HealthCheckEntry(name, source, registration, timeoutMs, tags));
  }

  /**
   * The checks carrying at least one of `tags` (every check when `tags` is `undefined`), in registration order.
   * Throws `BATON_ERR_HOST_INVALID_OPTIONS` unless `tags` is `undefined` or an array of non-empty strings.
   */
  select(tags: unknown): readonly HealthCheckEntry[] {
    if (tags === undefined) return this.#entries;
    const wanted = readTags(tags, 'health() option tags');
    return this.#entries.filter((entry) => entry.tags.some((tag) => wanted.includes(tag)));
  }

  /** Registers each class check as a singleton under its own key, unless the app registered it. */
  registerInto(services: ServiceCollection): void {
    for (const entry of this.#entries) {
      const key = entry.registration as ServiceKey<HealthCheck>;
      if (entry.source === 'class' && !services.has(key)) services.addSingleton(key);
    }
  }

  /**
   * Resolves each class check from the provider (already validated by the host). DI errors are thrown as they are;
   * a constructor that throws gives `BATON_ERR_SERVICE_START_FAILED`.
   */
  resolve(provider: ServiceResolver): void {
    for (const entry of this.#entries) {
      if (entry.source !== 'class') continue;
      let instance: unknown;
      try {
        instance = provider.get(entry.registration as ServiceKey<HealthCheck>);
      } catch (error) {
        if (BatonError.is(error) && error.code.startsWith('BATON_ERR_DI_')) throw error;
        throw new BatonError(BatonErrorCode.ServiceStartFailed, `Health check '${entry.name}' could not be created: ${toError(error).message}.`, {
          cause: error,
        });
      }
      if (!hasCheck(instance)) {
        throw invalidCheck(`Health check '${entry.name}' resolved to ${describeValue(instance)}, not an object with a check method.`);
      }
      entry.instance = instance;
    }
  }
}

function classify(name: string, registration: unknown): HealthCheckSource {
  if (typeof registration === 'function') {
    const prototype = (registration as { prototype?: unknown }).prototype as Record<string, unknown> | undefined;
    if (typeof prototype?.['check'] === 'function') return 'class';
    // A class cannot be called as a check; say what is missing instead of failing at the first report.
    if (/^class[\s{]/.test(Function.prototype.toString.call(registration))) {
      throw invalidCheck(`Class ${registration.name || '(anonymous)'} given for health check '${name}' has no check method. Implement HealthCheck.`);
    }
    return 'function';
  }
  if (hasCheck(registration)) return 'instance';
  throw invalidCheck(
    `Health check '${name}' must be a function (signal) => HealthCheckResult, an object with a check method, or a class implementing HealthCheck; got ${describeValue(registration)}.`,
  );
}

function readOptions(name: string, options: unknown): { timeoutMs: number; tags: readonly string[] } {
  if (options === undefined) return { timeoutMs: DEFAULT_TIMEOUT_MS, tags: [] };
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw invalidOptions(`addHealthCheck options must be an object { timeout?, tags? }; got ${describeValue(options)}.`);
  }
  for (const key of Object.keys(options)) {
    if (!OPTION_KEYS.has(key)) throw invalidOptions(`Unknown health check option '${key}' for '${name}'; expected timeout or tags.`);
  }
  const { timeout, tags } = options as { timeout?: unknown; tags?: unknown };
  const timeoutMs = timeout === undefined ? DEFAULT_TIMEOUT_MS : parseOptionDuration(timeout, `timeout of health check '${name}'`, { positive: true });
  return { timeoutMs, tags: readTags(tags, `tags of health check '${name}'`) };
}

/** Reads a tag list: `undefined` or an array of non-empty strings. Throws `BATON_ERR_HOST_INVALID_OPTIONS` naming `option`. */
function readTags(tags: unknown, option: string): readonly string[] {
  if (tags === undefined) return [];
  if (!Array.isArray(tags) || !tags.every((tag) => typeof tag === 'string' && tag !== '')) {
    throw invalidOptions(`${option} must be an array of non-empty strings; got ${describeValue(tags)}.`);
  }
  return Object.freeze([...(tags as string[])]);
}

function hasCheck(value: unknown): value is HealthCheck {
  return typeof value === 'object' && value !== null && typeof (value as { check?: unknown }).check === 'function';
}

function invalidCheck(message: string): BatonError {
  return new BatonError(BatonErrorCode.HostInvalidHealthCheck, message);
}

function duplicate(message: string): BatonError {
  return new BatonError(BatonErrorCode.HostDuplicateHealthCheck, message);
}
