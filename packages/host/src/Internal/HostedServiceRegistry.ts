import {
  BackgroundService,
  BatonError,
  BatonErrorCode,
  Clock,
  constructorDependencies,
  Coordinator,
  InMemoryCoordinator,
  isHostedService,
  Logger,
  type HostedService,
  type HostedServiceOptions,
  type ServiceCollection,
  type ServiceResolver,
  systemClock,
} from '@baton/core';
import { describeValue } from './describeValue.js';
import { HostedServiceEntry, type HostedServiceSource } from './HostedServiceEntry.js';
import { invalidOptions } from './invalidOptions.js';
import { notBackgroundService } from './notBackgroundService.js';
import { parseOptionDuration } from './parseOptionDuration.js';
import { resolveExceptionPolicy } from './resolveExceptionPolicy.js';
import type { ResolvedSingleton } from './ResolvedSingleton.js';

const OPTION_KEYS: ReadonlySet<string> = new Set(['name', 'onError', 'singleton']);
const SINGLETON_KEYS: ReadonlySet<string> = new Set(['key', 'leaseTtl']);
const DEFAULT_LEASE_TTL_MS = 10_000;

/**
 * The hosted services registered with `addHostedService`, in registration order.
 *
 * @remarks Tells a class from a factory by its prototype: a function whose prototype has `start` and `stop` is a
 * class; any other function is a factory `(resolver) => HostedService`. An object with `start` and `stop` is an
 * instance.
 */
export class HostedServiceRegistry {
  readonly #entries: HostedServiceEntry[] = [];

  get entries(): readonly HostedServiceEntry[] {
    return this.#entries;
  }

  add(registration: unknown, options: unknown): HostedServiceEntry {
    const { name, onError, singleton: singletonOption } = readOptions(options);
    const source = classify(registration);
    // A factory is named after the instance it returns, once resolved (see assignName).
    const defaultName =
      source === 'instance' ? instanceName(registration as object) : source === 'class' ? (registration as { name: string }).name || undefined : undefined;
    const entryName = name ?? defaultName;
    const label = entryName === undefined ? `Hosted service #${this.#entries.length + 1}` : `Hosted service '${entryName}'`;
    const policy = onError === undefined ? undefined : resolveExceptionPolicy(onError, `onError of ${label.charAt(0).toLowerCase()}${label.slice(1)}`);
    const singleton = readSingleton(singletonOption, label);
    if (singleton !== undefined && source !== 'factory' && !isBackgroundService(registration, source)) {
      throw notBackgroundService(label);
    }

    if (this.#entries.some((entry) => entry.registration === registration)) {
      throw duplicate(
        source === 'class'
          ? `${label} (the same class) is already registered. A class is one singleton; to run two, register a factory for each, each with its own name.`
          : `${label} (the same ${source}) is already registered. Register it once.`,
      );
    }
    if (entryName !== undefined && this.#entries.some((entry) => entry.name === entryName)) {
      throw duplicate(`A hosted service named '${entryName}' is already registered. Give this one a different name: addHostedService(service, { name }).`);
    }
    const entry = new HostedServiceEntry(this.#entries.length, source, registration, entryName, policy, singleton);
    this.#entries.push(entry);
    return entry;
  }

  /**
   * Registers what the provider must resolve: each class as a singleton under its own key (unless the app registered
   * it), each factory and instance as a singleton under its entry's private token.
   *
   * @param serviceLogger - The `Logger` a service gets instead of the host's (a child carrying its name), or
   * `undefined` to leave `Logger` as registered. A class that takes `Logger` in its constructor is then constructed by
   * a factory that passes it; a factory gets a resolver whose `Logger` is it.
   */
  registerInto(services: ServiceCollection, serviceLogger: (entry: HostedServiceEntry) => Logger | undefined): void {
    // Singletons hold their leases here unless the app registered a Coordinator of its own (as addWorkflow does).
    if (this.#entries.some((entry) => entry.singleton !== undefined) && !services.has(Coordinator)) {
      services.addSingleton(Coordinator, { useFactory: (resolver) => new InMemoryCoordinator(resolver.tryGet(Clock) ?? systemClock) });
    }
    for (const entry of this.#entries) {
      const logger = serviceLogger(entry);
      switch (entry.source) {
        case 'class': {
          if (services.has(entry.key)) break;
          const type = entry.registration as new (...args: unknown[]) => HostedService;
          const deps = constructorDependencies(type);
          if (logger === undefined || !deps.includes(Logger)) {
            services.addSingleton(entry.key);
            break;
          }
          services.addSingleton(entry.key, { useFactory: (resolver) => new type(...deps.map((dep) => (dep === Logger ? logger : resolver.get(dep)))), deps });
          break;
        }
        case 'factory': {
          const factory = entry.registration as (resolver: ServiceResolver) => HostedService;
          services.addSingleton(entry.key, { useFactory: (resolver) => factory(logger === undefined ? resolver : withLogger(resolver, logger)) });
          break;
        }
        case 'instance':
          services.addSingleton(entry.key, { useValue: entry.registration as HostedService });
          break;
      }
    }
  }

  /**
   * Names an unnamed entry after the instance it resolved to (else the factory's function name), keeping names
   * unique.
   */
  assignName(entry: HostedServiceEntry, instance: object): void {
    if (entry.name !== undefined) return;
    const taken = (name: string): boolean => this.#entries.some((other) => other !== entry && other.name === name);
    const candidates = [instanceName(instance), (entry.registration as { name?: string }).name || undefined];
    entry.name = candidates.find((name) => name !== undefined && !taken(name)) ?? `hosted-service-${entry.index + 1}`;
  }
}

/** `resolver`, except that `Logger` resolves to `logger`. */
function withLogger(resolver: ServiceResolver, logger: Logger): ServiceResolver {
  return {
    get: (key) => (key === Logger ? (logger as never) : resolver.get(key)),
    tryGet: (key) => (key === Logger ? (logger as never) : resolver.tryGet(key)),
    has: (key) => key === Logger || resolver.has(key),
  };
}

function readOptions(options: unknown): HostedServiceOptions {
  if (options === undefined) return {};
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw invalidOptions(`addHostedService options must be an object { name?, onError?, singleton? }; got ${describeValue(options)}.`);
  }
  for (const key of Object.keys(options)) {
    if (!OPTION_KEYS.has(key)) throw invalidOptions(`Unknown hosted service option '${key}'; expected name, onError or singleton.`);
  }
  const { name } = options as { name?: unknown };
  if (name !== undefined && (typeof name !== 'string' || name.trim() === '')) {
    throw invalidOptions(`The name of a hosted service must be a non-empty string; got ${describeValue(name)}.`);
  }
  return options as HostedServiceOptions;
}

/** The `singleton` option, validated: `undefined` for `false` or absent. */
function readSingleton(option: unknown, label: string): ResolvedSingleton | undefined {
  if (option === undefined || option === false) return undefined;
  if (option === true) return { key: undefined, ttlMs: DEFAULT_LEASE_TTL_MS };
  const what = `singleton of ${label.charAt(0).toLowerCase()}${label.slice(1)}`;
  if (typeof option !== 'object' || option === null || Array.isArray(option)) {
    throw invalidOptions(`The ${what} must be true, false or { key?, leaseTtl? }; got ${describeValue(option)}.`);
  }
  for (const key of Object.keys(option)) {
    if (!SINGLETON_KEYS.has(key)) throw invalidOptions(`Unknown option '${key}' in the ${what}; expected key or leaseTtl.`);
  }
  const { key, leaseTtl } = option as { key?: unknown; leaseTtl?: unknown };
  if (key !== undefined && (typeof key !== 'string' || key.trim() === '')) {
    throw invalidOptions(`The lease key in the ${what} must be a non-empty string; got ${describeValue(key)}.`);
  }
  const ttlMs = leaseTtl === undefined ? DEFAULT_LEASE_TTL_MS : parseOptionDuration(leaseTtl, `leaseTtl in the ${what}`, { positive: true });
  return { key, ttlMs };
}

function isBackgroundService(registration: unknown, source: 'class' | 'instance'): boolean {
  return source === 'class' ? (registration as { prototype: unknown }).prototype instanceof BackgroundService : registration instanceof BackgroundService;
}

function classify(registration: unknown): HostedServiceSource {
  if (typeof registration === 'function') {
    const prototype = (registration as { prototype?: unknown }).prototype as Record<string, unknown> | undefined;
    if (typeof prototype?.['start'] === 'function' && typeof prototype['stop'] === 'function') return 'class';
    // A class cannot be called as a factory; say what is missing instead of failing at start.
    if (/^class[\s{]/.test(Function.prototype.toString.call(registration))) {
      throw invalidHostedService(
        `Class ${registration.name || '(anonymous)'} is not a hosted service: it has no start and stop methods. Extend BackgroundService or implement HostedService.`,
      );
    }
    return 'factory';
  }
  if (isHostedService(registration)) return 'instance';
  throw invalidHostedService(
    `addHostedService needs a hosted service class, a factory (resolver) => HostedService, or an object with start and stop methods; got ${describeValue(registration)}.`,
  );
}

function instanceName(instance: object): string | undefined {
  const name = (instance.constructor as { name?: unknown } | undefined)?.name;
  return typeof name === 'string' && name !== '' && name !== 'Object' ? name : undefined;
}

function invalidHostedService(message: string): BatonError {
  return new BatonError(BatonErrorCode.HostInvalidHostedService, message);
}

function duplicate(message: string): BatonError {
  return new BatonError(BatonErrorCode.HostDuplicateHostedService, message);
}
