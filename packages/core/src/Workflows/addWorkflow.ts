import { addConsumer } from '../DependencyInjection/Internal/consumers.js';
import { ScopeFactory } from '../DependencyInjection/ScopeFactory.js';
import type { HostBuilder } from '../Hosting/HostBuilder.js';
import { definitionOf } from './Internal/WorkflowDefinition.js';
import { WorkflowEngine } from './Internal/WorkflowEngine.js';
import { Logger } from '../Logging/Logger.js';
import { NullLogger } from '../Logging/NullLogger.js';
import { AuditLog } from '../Runs/AuditLog.js';
import { ControlChannel } from '../Runs/ControlChannel.js';
import { Coordinator } from '../Runs/Coordinator.js';
import { InMemoryAuditLog } from '../Runs/InMemoryAuditLog.js';
import { InMemoryControlChannel } from '../Runs/InMemoryControlChannel.js';
import { InMemoryScheduleStore } from '../Runs/InMemoryScheduleStore.js';
import { ScheduleStore } from '../Runs/ScheduleStore.js';
import { InMemoryCoordinator } from '../Runs/InMemoryCoordinator.js';
import { InMemoryRunStore } from '../Runs/InMemoryRunStore.js';
import { JsonSerializer } from '../Runs/JsonSerializer.js';
import { RunStore } from '../Runs/RunStore.js';
import { Serializer } from '../Runs/Serializer.js';
import { resolveEngineOptions } from './configureWorkflows.js';
import { WorkflowEngineOptions } from './WorkflowEngineOptions.js';
import { Clock } from '../Time/Clock.js';
import { systemClock } from '../Time/SystemClock.js';
import type { Workflow } from './Workflow.js';
import { Workflows } from './Workflows.js';

// One engine per host, keyed by the host's service collection: `host.addWorkflow(a)` and an orchestration's
// `addWorkflow(builder, b)` reach the same engine even when they hold different builder objects.
const engines = new WeakMap<object, WorkflowEngine>();

/**
 * Registers `workflow` on a host. All workflows of a host run in one hosted service, the workflow engine, on one
 * scheduler driven by the host's Clock.
 *
 * @remarks The first call for a builder also registers:
 * - the engine, as a hosted service named `WorkflowEngine` (it resolves `Clock`, `Logger`, `ScopeFactory`,
 *   `RunStore`, `Coordinator`, `Serializer`, `AuditLog`, `ScheduleStore` and `ControlChannel` when the host builds
 *   it; `Clock` and `Logger` fall back to the system clock and a null logger);
 * - an {@link InMemoryRunStore}, an {@link InMemoryCoordinator}, a {@link JsonSerializer}, an
 *   {@link InMemoryAuditLog}, an {@link InMemoryScheduleStore} and an {@link InMemoryControlChannel} as those
 *   singletons, unless the app registered its own (an app registration made later replaces them too); the engine's
 *   options come from `configureWorkflows`;
 * - the {@link Workflows} control, as a singleton value.
 *
 * When the host starts, the engine checks each workflow's `.uses` tokens (see `WorkflowOptions.requires`), reads each
 * schedule's last slot from the RunStore (missed-run policy) and arms the next slot.
 * @throws BATON_ERR_WORKFLOW_DUPLICATE if a workflow with the same name is already registered on `builder`;
 * BATON_ERR_WORKFLOW_EMPTY for a workflow without steps; BATON_ERR_WORKFLOW_INVALID_OPTIONS for something that is not
 * a workflow; BATON_ERR_HOST_REGISTRATION_CLOSED once the engine has started.
 * @example
 * ```ts
 * const host = createHost();
 * addWorkflow(host, syncStock);
 * await host.start();
 * await host.provider.get(Workflows).trigger('inventory-sync');
 * ```
 */
export function addWorkflow<TInput, TOutput>(builder: HostBuilder, workflow: Workflow<TInput, TOutput>): void {
  const existing = engines.get(builder.services);
  if (existing !== undefined) {
    existing.add(workflow);
    addUser(builder, workflow);
    return;
  }
  const engine = new WorkflowEngine();
  engine.add(workflow);
  addUser(builder, workflow);
  const services = builder.services;
  if (!services.has(RunStore))
    services.addSingleton(RunStore, { useFactory: (resolver) => new InMemoryRunStore({ clock: resolver.tryGet(Clock) ?? systemClock }) });
  if (!services.has(Serializer)) services.addSingleton(Serializer, { useFactory: () => new JsonSerializer() });
  if (!services.has(Coordinator))
    services.addSingleton(Coordinator, { useFactory: (resolver) => new InMemoryCoordinator(resolver.tryGet(Clock) ?? systemClock) });
  if (!services.has(AuditLog))
    services.addSingleton(AuditLog, { useFactory: (resolver) => new InMemoryAuditLog({ clock: resolver.tryGet(Clock) ?? systemClock }) });
  if (!services.has(ScheduleStore))
    services.addSingleton(ScheduleStore, { useFactory: (resolver) => new InMemoryScheduleStore(resolver.tryGet(Clock) ?? systemClock) });
  if (!services.has(ControlChannel)) services.addSingleton(ControlChannel, { useFactory: () => new InMemoryControlChannel() });
  services.addSingleton(Workflows, { useValue: engine.control });
  builder.addHostedService(
    (resolver) =>
      engine.attach(
        {
          clock: resolver.tryGet(Clock) ?? systemClock,
          logger: resolver.tryGet(Logger) ?? NullLogger,
          scopes: resolver.get(ScopeFactory),
          store: resolver.get(RunStore),
          coordinator: resolver.get(Coordinator),
          serializer: resolver.get(Serializer),
          audit: resolver.get(AuditLog),
          schedules: resolver.get(ScheduleStore),
          channel: resolver.get(ControlChannel),
          resolver,
        },
        resolveEngineOptions(resolver.tryGet(WorkflowEngineOptions) ?? {}),
      ),
    { name: 'WorkflowEngine' },
  );
  engines.set(builder.services, engine);
}

/** Lets the host's start name a broken chain from the workflow that `.uses` its first link. */
function addUser(builder: HostBuilder, workflow: Workflow<unknown, unknown>): void {
  const uses = definitionOf(workflow)?.uses ?? [];
  if (uses.length > 0) addConsumer(builder.services, { name: `workflow '${workflow.name}'`, deps: uses });
}
