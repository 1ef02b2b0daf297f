import {
  InMemoryRunStore,
  RunStore,
  BatonError,
  BatonErrorCode,
  Workflows,
  type HostBuilder,
  type ServiceKey,
  type ServiceResolver,
  type Workflow,
} from '@baton/core';
import { createHost, type HostOptions } from '@baton/host';
import { ManualClock } from './ManualClock.js';
import { RecordingLogger } from './RecordingLogger.js';
import type { TestHost } from './TestHost.js';

/** The builder `createTestHost` hands to `configure`: a `HostBuilder` plus test-only `replace` and `addWorkflow`. */
export interface TestHostBuilder extends HostBuilder {
  /**
   * Swaps the registration for `key` for `factory`, keeping its lifetime (singleton when it had none). Applied after
   * `configure` returns, so it wins over registrations `configure` makes in any order (e.g. inside an orchestration's
   * `add...Orchestration(builder)`).
   */
  replace<T>(key: ServiceKey<T>, factory: (services: ServiceResolver) => T): this;
  /** Registers a workflow on the host. */
  addWorkflow<TInput, TOutput>(workflow: Workflow<TInput, TOutput>): this;
}

/** Options for {@link createTestHost}. */
export interface TestHostOptions {
  /** Where the virtual clock starts. Defaults to 2026-01-01T00:00:00Z. */
  readonly start?: number | Date | string;
  /** A clock to share across hosts, e.g. to simulate a restart on a later host with a kept RunStore. */
  readonly clock?: ManualClock;
  /** Host options other than `clock` and `logger` (which the test host provides). */
  readonly host?: Omit<HostOptions, 'clock' | 'logger'>;
}

/**
 * Creates and starts a host on a {@link ManualClock} with a {@link RecordingLogger}.
 *
 * @remarks `configure` registers services, hosted services and workflows, exactly as the app does against a
 * `HostBuilder`. Nothing runs until the test advances the clock (a workflow due at start runs on the first
 * `advance`, even `advance(0)`).
 * @example
 * ```ts
 * const t = await createTestHost((builder) => {
 *   builder.addWorkflow(syncStock);
 *   builder.replace(Inventory, () => new FakeInventory());
 * });
 * await t.advance('1h');
 * expect(await t.statuses('inventory-sync')).toStrictEqual(['succeeded', 'succeeded']);
 * await t.stop();
 * ```
 */
export async function createTestHost(configure: (builder: TestHostBuilder) => void, options: TestHostOptions = {}): Promise<TestHost> {
  const clock = options.clock ?? new ManualClock(options.start === undefined ? {} : { start: options.start });
  const logs = new RecordingLogger();
  const host = createHost({ ...options.host, clock, logger: logs });
  const replacements: Array<[ServiceKey<unknown>, (services: ServiceResolver) => unknown]> = [];
  const builder: TestHostBuilder = {
    services: host.services,
    addHostedService(service, serviceOptions) {
      host.addHostedService(service, serviceOptions);
      return this;
    },
    addHealthCheck(name, check, checkOptions) {
      host.addHealthCheck(name, check, checkOptions);
      return builder;
    },
    addWorkflow(workflow) {
      host.addWorkflow(workflow);
      return this;
    },
    replace(key, factory) {
      replacements.push([key, factory]);
      return this;
    },
  };
  // A test counts every run (a week of quarter-hour runs is 672): this store keeps them all, where the default keeps
  // 100 per workflow. A workflow's `history` option, or a RunStore the app registers in `configure`, still applies.
  host.services.addSingleton(RunStore, { useFactory: () => new InMemoryRunStore({ clock, maxRunsPerWorkflow: Number.MAX_SAFE_INTEGER }) });
  configure(builder);
  for (const [key, factory] of replacements) {
    const lifetime = host.services.lifetimeOf(key) ?? 'singleton';
    host.services.remove(key);
    if (lifetime === 'scoped') host.services.addScoped(key, { useFactory: factory });
    else if (lifetime === 'transient') host.services.addTransient(key, { useFactory: factory });
    else host.services.addSingleton(key, { useFactory: factory });
  }
  await host.start();

  let stopping: ReturnType<Host['stop']> | undefined;
  type Host = typeof host;
  const stop = (): ReturnType<Host['stop']> => {
    // The shutdown budget is read from the virtual clock: keep it moving until the host has stopped.
    stopping ??= (async () => {
      const result = host.stop();
      let settled = false;
      void result.finally(() => (settled = true));
      await clock.runUntilIdle();
      while (!settled) {
        if (clock.nextWakeAt === undefined) {
          await new Promise<void>((resolve) => setImmediate(resolve));
          continue;
        }
        // advanceTo leaves the sleepers due at its target itself: wake them too.
        await clock.advanceTo(clock.nextWakeAt);
        await clock.runUntilIdle();
      }
      return result;
    })();
    return stopping;
  };

  // Resolved now, so run history stays readable after stop() has disposed the provider.
  const workflows = host.provider.tryGet(Workflows);
  const control = (): Workflows => {
    if (workflows === undefined) {
      throw new BatonError(BatonErrorCode.WorkflowUnknown, 'This test host has no workflows: register one with builder.addWorkflow(...).');
    }
    return workflows;
  };
  const runsOf = async (workflow: string) => (await control().history(workflow)).reverse();
  return {
    host,
    clock,
    logs,
    get provider() {
      return host.provider;
    },
    get workflows() {
      return control();
    },
    advance: (duration) => clock.advance(duration),
    advanceTo: (time) => clock.advanceTo(time),
    runs: runsOf,
    statuses: async (workflow) => (await runsOf(workflow)).map((run) => run.status),
    stop,
    [Symbol.asyncDispose]: async () => {
      await stop();
    },
  };
}
