// The `Workflows` control surface of an engine: trigger, pause, resume, cancel, list, history, events, late bindings.
// It validates what callers pass and reaches the engine's state only through EngineAccess; pause, resume and cancel,
// which every replica must see, are in createSharedActions. Operator actions are audited (Auditor).
import type { ServiceKey } from '../../DependencyInjection/Token.js';
import { describeKey } from '../../DependencyInjection/Token.js';
import { BatonError } from '../../Errors/BatonError.js';
import { BatonErrorCode } from '../../Errors/BatonErrorCode.js';
import { toError } from '../../Errors/toError.js';
import type { Logger } from '../../Logging/Logger.js';
import type { AuditAction, AuditLog } from '../../Runs/AuditLog.js';
import type { ControlChannel } from '../../Runs/ControlChannel.js';
import type { RunRecord, RunStatus } from '../../Runs/RunRecord.js';
import type { ScheduleStore } from '../../Runs/ScheduleStore.js';
import type { RunStore } from '../../Runs/RunStore.js';
import type { Serializer } from '../../Runs/Serializer.js';
import type { SchedulerLag } from '../../Scheduling/SchedulerLag.js';
import type { RecoveryKind } from '../../Runs/RunRecovery.js';
import type { Workflow } from '../Workflow.js';
import type { ActionOptions, LateImplementation, TriggerOptions, WorkflowEvents, WorkflowInfo, Workflows } from '../Workflows.js';
import type { AuditedAction } from './Auditor.js';
import { actorOf, auditTarget, Auditor } from './Auditor.js';
import { createSharedActions } from './createSharedActions.js';
import { readActionOptions } from './readActionOptions.js';
import { summarize } from './summarize.js';
import type { EventHub } from './EventHub.js';
import type { LateBindings } from './LateBindings.js';
import { describe } from './normalizeOptions.js';
import { schedulePeriod } from './schedulePeriod.js';
import type { WorkflowEntry } from './WorkflowEntry.js';
import type { RunStart, TakenMode } from './RunStart.js';

export type EngineStatus = 'created' | 'running' | 'stopping' | 'stopped';

/** What a manual operation on a run takes over, and how the run goes on. */
interface RunOperation {
  readonly name: 'resume' | 'retry' | 'compensate';
  readonly action: AuditAction;
  readonly kind: RecoveryKind;
  readonly mode: TakenMode;
  /** Statuses the run must be in; `running` only with an expired lease, and not in flight here. */
  readonly from: readonly RunStatus[];
  readonly code: BatonErrorCode;
  readonly refusal: string;
}

const operations: Record<RunOperation['name'], RunOperation> = {
  resume: {
    name: 'resume',
    action: 'resume-run',
    kind: 'resumed',
    mode: 'resume',
    from: ['running', 'abandoned'],
    code: BatonErrorCode.WorkflowRunNotInterrupted,
    refusal: 'is not interrupted: only a run left running by an owner that died (its lease expired), or an abandoned run, can be resumed',
  },
  retry: {
    name: 'retry',
    action: 'retry',
    kind: 'retried',
    mode: 'resume',
    from: ['failed', 'timed_out', 'abandoned'],
    code: BatonErrorCode.WorkflowRunNotFailed,
    refusal: 'did not fail: only a failed, timed-out or abandoned run can be retried',
  },
  compensate: {
    name: 'compensate',
    action: 'compensate',
    kind: 'compensated',
    mode: 'compensate',
    from: ['succeeded', 'failed', 'cancelled', 'timed_out', 'abandoned'],
    code: BatonErrorCode.WorkflowNothingToCompensate,
    refusal: 'has nothing to compensate',
  },
};

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
  readonly launch: (entry: WorkflowEntry, start: RunStart, signal?: AbortSignal) => Promise<RunRecord | undefined>;
  /** Whether run `runId` is in flight in this engine. */
  readonly inflight: (runId: string) => boolean;
  readonly owner: string;
  readonly leaseTtlMs: () => number;
  readonly serializer: () => Serializer;
  readonly checkpointLimit: () => number;
  /** How far behind the engine's scheduler is; `undefined` before it started. */
  readonly lag: () => SchedulerLag | undefined;
  readonly activate: (entry: WorkflowEntry, fromStore: boolean) => Promise<void>;
  /** The AuditLog, ScheduleStore and ControlChannel, once the engine has its services. */
  readonly audit: () => AuditLog | undefined;
  readonly schedules: () => ScheduleStore | undefined;
  readonly channel: () => ControlChannel | undefined;
  /** Applies a workflow's pause state here (pausing, resuming, arming the end of a pause). */
  readonly applyPause: (entry: WorkflowEntry, paused: boolean, until: number | undefined) => void;
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

  const auditor = new Auditor(engine.audit, engine.log);

  const launchManual = (workflow: string | Workflow<never, unknown>, input: unknown, options: AbortSignal | TriggerOptions | undefined): Promise<RunRecord> => {
    const name = typeof workflow === 'string' ? workflow : (workflow as { name?: unknown } | undefined)?.name;
    // A trigger is an operator's action when it names its actor (the admin API and the REPL do); the app's own triggers
    // are runs like any other, recorded in the RunStore, and cost no audit write.
    const action: AuditedAction | undefined = namesActor(options)
      ? { actor: actorOf(options), action: 'trigger', target: auditTarget(name), ...inputSummary(input) }
      : undefined;
    let started: Promise<RunRecord>;
    try {
      const { signal, traceContext } = readActionOptions('trigger', options, ['signal', 'actor', 'traceContext']);
      const target = entry(name as string);
      const status = engine.status();
      if (status !== 'running') {
        throw new BatonError(
          BatonErrorCode.WorkflowNotReady,
          `Workflow '${target.def.name}' cannot be triggered: the workflow engine is ${status === 'created' ? 'not started' : status}.`,
        );
      }
      const missing = engine.missing(target);
      if (missing.length > 0) {
        throw new BatonError(
          BatonErrorCode.WorkflowNotReady,
          `Workflow '${target.def.name}' is waiting for ${missing.map((key) => `'${describeKey(key)}'`).join(', ')}; bind it with Workflows.bindLate() first.`,
        );
      }
      signal?.throwIfAborted();
      const inputCheckpoint = input === undefined ? undefined : checkpointInput(engine, target.def.name, input);
      // A manual run is never claimed by another replica, so its record is never undefined.
      started = engine.launch(
        target,
        {
          kind: 'new',
          trigger: 'manual',
          scheduledAt: engine.now(),
          input,
          inputCheckpoint,
          ...(traceContext === undefined ? {} : { traceContext }),
          ...(action === undefined ? {} : { onRecorded: (runId: string) => void auditor.record(action, 'ok', `run ${runId}`) }),
        },
        signal,
      ) as Promise<RunRecord>;
    } catch (error) {
      return action === undefined ? Promise.reject(error as Error) : auditor.rethrow(action, error);
    }
    if (action === undefined) return started;
    return started.catch((error: unknown) => (BatonError.is(error, BatonErrorCode.RunsStoreFailed) ? auditor.rethrow(action, error) : Promise.reject(error)));
  };

  const { setPaused, cancel } = createSharedActions(engine, entry, auditor);

  /** Takes run `runId` over by hand and carries it on as `operation` says; resolves with its final record. */
  const operate = async (operation: RunOperation, runId: string, options: ActionOptions | undefined): Promise<RunRecord> => {
    const action: AuditedAction = { actor: actorOf(options), action: operation.action, target: auditTarget(runId) };
    let taken: RunRecord;
    let target: WorkflowEntry;
    try {
      ({ taken, target } = await takeOver(operation, runId, options));
    } catch (error) {
      return auditor.rethrow(action, error);
    }
    await auditor.record(action, 'ok', `epoch ${taken.epoch}`);
    const done = await engine.launch(target, { kind: 'taken', record: taken, mode: operation.mode });
    return done!;
  };

  /** Takes run `runId` over by hand, for `operation`, if it may be. */
  const takeOver = async (operation: RunOperation, runId: string, options: ActionOptions | undefined): Promise<{ taken: RunRecord; target: WorkflowEntry }> => {
    readActionOptions(operation.name === 'resume' ? 'resumeRun' : operation.name, options, ['actor']);
    const store = engine.store();
    const status = engine.status();
    if (store === undefined || status !== 'running') {
      throw new BatonError(
        BatonErrorCode.WorkflowNotReady,
        `Workflows.${operation.name === 'resume' ? 'resumeRun' : operation.name}(${describe(runId)}) needs a running workflow engine; it is ${status === 'created' ? 'not started' : status}.`,
      );
    }
    const record = typeof runId === 'string' ? await store.getRun(runId) : undefined;
    if (record === undefined)
      throw new BatonError(
        BatonErrorCode.WorkflowRunUnknown,
        `Workflows.${operation.name === 'resume' ? 'resumeRun' : operation.name}(): no run ${describe(runId)} is in the RunStore.`,
      );
    const target = entry(record.workflow);
    const refuse = (why: string = operation.refusal): BatonError =>
      new BatonError(operation.code, `Run ${record.id} of workflow '${record.workflow}' (${record.status}) ${why}.`);
    if (!operation.from.includes(record.status)) throw refuse();
    if (record.status === 'running' && (engine.inflight(record.id) || (record.leaseExpiresAt ?? Infinity) > engine.now())) {
      throw refuse('is still running under a live lease');
    }
    if (operation.name === 'compensate' && !hasCompensationLeft(target, record)) throw refuse();
    // A cancel request of the run's earlier life does not stand against a new one started by hand.
    await engine
      .channel()
      ?.clearCancel(record.id)
      .catch((error: unknown) => engine.log().warn('Could not clear a cancel request', { runId: record.id, error: toError(error) }));
    const taken = await store.takeOver(record.id, {
      kind: operation.kind,
      owner: engine.owner,
      ttlMs: engine.leaseTtlMs(),
      from: operation.from,
      epoch: record.epoch,
    });
    if (taken === undefined) throw refuse('changed while it was being taken over; read it again');
    engine.log().info(`Run ${operation.kind} by hand`, { workflow: record.workflow, runId: record.id, epoch: taken.epoch });
    return { taken, target };
  };

  const control: Workflows = {
    instanceId: engine.owner,
    // Not an async function: one promise per trigger (the run's); a refusal is a rejected promise all the same.
    trigger: ((workflow: string | Workflow<never, unknown>, input?: unknown, options?: AbortSignal | TriggerOptions): Promise<RunRecord> =>
      launchManual(workflow, input, options)) as Workflows['trigger'],
    pause: (name, options) => setPaused(name, true, options),
    resume: (name, options) => setPaused(name, false, options),
    cancel: (runId, options) => cancel(runId, options),
    resumeRun: (runId, options) => operate(operations.resume, runId, options),
    retry: (runId, options) => operate(operations.retry, runId, options),
    compensate: (runId, options) => operate(operations.compensate, runId, options),
    run: async (runId) => requireStore(engine).getRun(runId),
    runs: async (query) => requireStore(engine).queryRuns(query),
    counts: async () => requireStore(engine).countRuns(),
    lag: () => engine.lag() ?? NOT_STARTED_LAG,
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
          missedSlots: target.missedSlots,
          pausedUntil: target.pausedUntil,
          missing: engine.missing(target).map(describeKey),
          lastRun,
          periodMs: engine.status() === 'created' ? undefined : schedulePeriod(target.def.schedule, target.anchor, engine.now()),
        });
      }
      return infos;
    },
    names: () => [...engine.entries.keys()],
    history: async (name, options) => {
      entry(name);
      return requireStore(engine).listRuns(name, options);
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
        throw new BatonError(
          BatonErrorCode.DiInvalidRegistration,
          `Workflows.bindLate('${describeKey(key)}') needs { useValue } or { useFactory: (services) => value }.`,
        );
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

/** Whether a trigger's options name an actor: then it is an operator's action, and audited. */
function namesActor(options: unknown): boolean {
  return typeof options === 'object' && options !== null && !(options instanceof AbortSignal) && (options as { actor?: unknown }).actor !== undefined;
}

/** The audit entry's input summary, when the action has an input. */
function inputSummary(input: unknown): { readonly input?: string } {
  const summary = summarize(input, 512);
  return summary === undefined ? {} : { input: summary };
}

function requireStore(engine: EngineAccess): RunStore {
  const store = engine.store();
  if (store === undefined) throw new BatonError(BatonErrorCode.WorkflowNotReady, 'The workflow engine has no services: it must be started by the host.');
  return store;
}

/** The run input's checkpoint; a value that cannot be stored whole is refused before anything is written. */
function checkpointInput(engine: EngineAccess, workflow: string, input: unknown): string {
  let text: string;
  try {
    text = engine.serializer().serialize(input);
  } catch (error) {
    throw new BatonError(BatonErrorCode.RunsCheckpointUnserializable, `The input of workflow '${workflow}' cannot be checkpointed: ${toError(error).message}`, {
      cause: error,
    });
  }
  const size = Buffer.byteLength(text);
  if (size > engine.checkpointLimit()) {
    throw new BatonError(
      BatonErrorCode.RunsCheckpointTooLarge,
      `The input of workflow '${workflow}' is ${size} bytes once serialized, over the checkpoint limit of ${engine.checkpointLimit()} bytes.`,
    );
  }
  return text;
}

/** Whether a completed step of `record` has a compensation (by `target`'s definition) that has not succeeded yet. */
function hasCompensationLeft(target: WorkflowEntry, record: RunRecord): boolean {
  return target.def.steps.some((step) => {
    if (step.compensate === undefined) return false;
    const names = step.parallel ? step.members.map(({ key }) => `${step.name}.${key!}`) : [step.name];
    const records = names.map((name) => record.steps.find((recorded) => recorded.name === name));
    return records.every((recorded) => recorded?.status === 'succeeded') && records.some((recorded) => recorded?.compensation?.status !== 'succeeded');
  });
}

const NOT_STARTED_LAG: SchedulerLag = Object.freeze({ overloaded: false, lateByMs: 0, due: 0 });
