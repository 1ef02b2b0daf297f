// The `Workflows` control surface of an engine: trigger, pause, resume, cancel, list, history, events, late bindings.
// It validates what callers pass and reaches the engine's state only through EngineAccess.
import type { ServiceKey } from '../../DependencyInjection/Token.js';
import { describeKey } from '../../DependencyInjection/Token.js';
import { BatonError } from '../../Errors/BatonError.js';
import { BatonErrorCode } from '../../Errors/BatonErrorCode.js';
import { toError } from '../../Errors/toError.js';
import type { Logger } from '../../Logging/Logger.js';
import type { RunRecord, RunTrigger } from '../../Runs/RunRecord.js';
import type { RunStore } from '../../Runs/RunStore.js';
import type { Workflow } from '../Workflow.js';
import type { LateImplementation, WorkflowEvents, WorkflowInfo, Workflows } from '../Workflows.js';
import type { EventHub } from './EventHub.js';
import type { LateBindings } from './LateBindings.js';
import { describe } from './normalizeOptions.js';
import type { WorkflowEntry } from './WorkflowEntry.js';

export type EngineStatus = 'created' | 'running' | 'stopping' | 'stopped';

/** What the control surface may see and do of its engine. */
export interface EngineAccess {
  readonly status: () => EngineStatus;
  readonly log: () => Logger;
  /** The RunStore, once the engine has its services. */
  readonly store: () => RunStore | undefined;
  readonly events: EventHub<WorkflowEvents>;
  readonly late: LateBindings;
  readonly entries: ReadonlyMap<string, WorkflowEntry>;
  /** Whether `key` is bound in the host's provider (false before the engine has its services). */
  readonly isBound: (key: ServiceKey<unknown>) => boolean;
  readonly missing: (entry: WorkflowEntry) => readonly ServiceKey<unknown>[];
  readonly now: () => number;
  readonly launch: (entry: WorkflowEntry, trigger: RunTrigger, scheduledAt: number, input: unknown, signal?: AbortSignal) => Promise<RunRecord | undefined>;
  readonly activate: (entry: WorkflowEntry, fromStore: boolean) => Promise<void>;
}

export function createWorkflowControl(engine: EngineAccess): Workflows {
  const entry = (name: string): WorkflowEntry => {
    const found = engine.entries.get(name);
    if (found === undefined) {
      const known = [...engine.entries.keys()].map((key) => `'${key}'`).join(', ') || 'none';
      throw new BatonError(BatonErrorCode.WorkflowUnknown, `No workflow named ${describe(name)} is registered (registered: ${known}).`);
    }
    return found;
  };

  const launchManual = (workflow: string | Workflow<never, unknown>, input: unknown, signal: AbortSignal | undefined): Promise<RunRecord> => {
    const target = entry(typeof workflow === 'string' ? workflow : (workflow as { name: string }).name);
    const status = engine.status();
    if (status !== 'running') {
      throw new BatonError(BatonErrorCode.WorkflowNotReady, `Workflow '${target.def.name}' cannot be triggered: the workflow engine is ${status === 'created' ? 'not started' : status}.`);
    }
    const missing = engine.missing(target);
    if (missing.length > 0) {
      throw new BatonError(
        BatonErrorCode.WorkflowNotReady,
        `Workflow '${target.def.name}' is waiting for ${missing.map((key) => `'${describeKey(key)}'`).join(', ')}; bind it with Workflows.bindLate() first.`,
      );
    }
    signal?.throwIfAborted();
    // A manual run always runs (no lease), so its record is never undefined.
    return engine.launch(target, 'manual', engine.now(), input, signal) as Promise<RunRecord>;
  };

  const control: Workflows = {
    // Not an async function: one promise per trigger (the run's); a refusal is a rejected promise all the same.
    trigger: ((workflow: string | Workflow<never, unknown>, input?: unknown, signal?: AbortSignal): Promise<RunRecord> => {
      try {
        return launchManual(workflow, input, signal);
      } catch (error) {
        return Promise.reject(error as Error);
      }
    }) as Workflows['trigger'],
    pause: (name) => {
      const target = entry(name);
      target.paused = true;
      target.handle?.cancel();
      target.handle = undefined;
      target.nextDueAt = undefined;
      target.pending.length = 0;
      if (target.state === 'scheduled') target.state = 'paused';
      engine.log().info('Workflow paused', { workflow: name });
    },
    resume: (name) => {
      const target = entry(name);
      if (!target.paused) return;
      target.paused = false;
      engine.log().info('Workflow resumed', { workflow: name });
      if (target.state === 'paused') void engine.activate(target, false);
    },
    cancel: (runId) => {
      for (const target of engine.entries.values()) {
        const run = target.inflight.get(runId);
        if (run === undefined) continue;
        run.controller.abort(new BatonError(BatonErrorCode.WorkflowRunCancelled, `Run ${runId} of workflow '${target.def.name}' was cancelled by Workflows.cancel().`));
        return true;
      }
      return false;
    },
    list: async () => {
      const infos: WorkflowInfo[] = [];
      for (const target of engine.entries.values()) {
        let lastRun: RunRecord | undefined;
        try {
          lastRun = await engine.store()?.lastRun(target.def.name);
        } catch (error) {
          engine.log().warn('Could not read the last run', { workflow: target.def.name, error: toError(error) });
        }
        infos.push({
          name: target.def.name,
          state: target.state,
          schedule: target.def.schedule?.description,
          nextDueAt: target.nextDueAt,
          running: target.inflight.size,
          missing: engine.missing(target).map(describeKey),
          lastRun,
        });
      }
      return infos;
    },
    history: async (name, options) => {
      entry(name);
      const store = engine.store();
      if (store === undefined) throw new BatonError(BatonErrorCode.WorkflowNotReady, 'The workflow engine has no services: it must be started by the host.');
      return store.listRuns(name, options);
    },
    on: (event, listener) => engine.events.on(event, listener),
    bindLate: <T>(key: ServiceKey<T>, implementation: LateImplementation<T>) => {
      if (typeof key !== 'symbol' && typeof key !== 'function') {
        throw new BatonError(BatonErrorCode.DiInvalidRegistration, `Workflows.bindLate() needs a token or a class; got ${describe(key)}.`);
      }
      const valid =
        typeof implementation === 'object' &&
        implementation !== null &&
        ('useValue' in implementation || ('useFactory' in implementation && typeof implementation.useFactory === 'function'));
      if (!valid) {
        throw new BatonError(BatonErrorCode.DiInvalidRegistration, `Workflows.bindLate('${describeKey(key)}') needs { useValue } or { useFactory: (services) => value }.`);
      }
      if (engine.late.has(key) || engine.isBound(key)) throw bindingConflict(key);
      engine.late.bind(key, implementation as LateImplementation<unknown>);
      engine.log().info('Late binding added', { token: describeKey(key) });
      for (const target of engine.entries.values()) {
        if (target.state === 'waiting' && engine.missing(target).length === 0) {
          engine.log().info('Workflow bindings are complete; it starts', { workflow: target.def.name });
          void engine.activate(target, true);
        }
      }
    },
  };
  return Object.freeze(control);
}

export function bindingConflict(key: ServiceKey<unknown>): BatonError {
  return new BatonError(
    BatonErrorCode.WorkflowBindingConflict,
    `'${describeKey(key)}' is already bound (in the service collection or by an earlier bindLate); bind each token once.`,
  );
}
