// Starts the runs of the engine's workflows and keeps what it owns: each run in flight (its abort, its place among its
// workflow's runs), the workflow's lease for scheduled runs that must not overlap across replicas, and the record of a
// tick that did not run. The engine's heartbeat (RunKeeper) renews the leases of the runs and the workflow leases.
import { BatonError } from '../../Errors/BatonError.js';
import { BatonErrorCode } from '../../Errors/BatonErrorCode.js';
import { toError } from '../../Errors/toError.js';
import type { Coordinator, Lease } from '../../Runs/Coordinator.js';
import type { RunRecord } from '../../Runs/RunRecord.js';
import { newRunId } from '../../Runs/Internal/newRunId.js';
import { SoloMap } from '../../Runs/Internal/SoloMap.js';
import type { TickSkipReason } from '../Workflows.js';
import type { RunServices } from './RunServices.js';
import type { ActiveRun, WorkflowEntry } from './WorkflowEntry.js';
import { RunAbort } from './RunAbort.js';
import type { RunStart } from './RunStart.js';
import { idempotencyKey } from './idempotencyKey.js';
import { WorkflowRun } from './WorkflowRun.js';

export interface LauncherOptions {
  readonly services: RunServices;
  readonly coordinator: Coordinator;
  /** Called when a run has been launched (the engine's heartbeat starts if it is idle). */
  readonly onLaunched: () => void;
  /** Called when a run of `entry` has left its in-flight set: queued slots may start. */
  readonly onSettled: (entry: WorkflowEntry) => void;
}

export class RunLauncher {
  readonly #options: LauncherOptions;
  /** Every run this engine owns now, by id: what the heartbeat renews. */
  readonly owned = new SoloMap<string, ActiveRun>();

  constructor(options: LauncherOptions) {
    this.#options = options;
  }

  /**
   * Runs one run of `entry`; it counts as in flight (synchronously) until it has ended and its lease is released.
   * Resolves with its final record, or `undefined` when a scheduled slot was claimed by another replica.
   */
  launch(entry: WorkflowEntry, start: RunStart, signal?: AbortSignal): Promise<RunRecord | undefined> {
    const id = start.kind === 'new' ? newRunId() : start.record.id;
    const controller = new RunAbort();
    const run = new WorkflowRun(entry.def, this.#options.services, id, controller);
    const active: ActiveRun = { id, controller, run, done: undefined, renewedAt: this.#options.services.clock.now(), workflowLease: undefined };
    entry.inflight.set(id, active);
    this.owned.set(id, active);
    this.#options.onLaunched();
    // Only a run started with a signal (trigger's) gets the listener: a closure less per scheduled run.
    const onAbort =
      signal === undefined
        ? undefined
        : (): void =>
            controller.abort(new BatonError(BatonErrorCode.WorkflowRunCancelled, `Run ${id} of workflow '${entry.def.name}' was cancelled by its caller.`));
    if (onAbort !== undefined) signal?.addEventListener('abort', onAbort, { once: true });
    // A scheduled run under overlap 'skip' or 'queue-one' holds the workflow's lease, so that no replica overlaps it.
    const leased = start.kind === 'new' && start.trigger === 'schedule' && entry.def.settings.overlap.kind !== 'allow';
    const settle = (): void => {
      if (onAbort !== undefined) signal?.removeEventListener('abort', onAbort);
      entry.inflight.delete(id);
      this.owned.delete(id);
      this.#options.onSettled(entry);
    };
    // then(), not finally(): finally makes two more closures per run for the same work.
    const done = (leased ? this.#runLeased(entry, active, start) : run.execute(start)).then(
      (record) => {
        settle();
        return record;
      },
      (error: unknown) => {
        settle();
        throw error;
      },
    );
    active.done = done;
    return done;
  }

  /** Records a tick that did not run (claiming its slot as `skipped`), and emits `tick.skipped`. */
  skipped(entry: WorkflowEntry, scheduledAt: number, reason: TickSkipReason): void {
    const { clock, store, events, log, owner, leaseTtlMs } = this.#options.services;
    const workflow = entry.def.name;
    log.info('Tick skipped', { workflow, scheduledAt, reason });
    events.emit('tick.skipped', { workflow, scheduledAt, reason });
    // Another replica has the slot ('claimed'), or holds the workflow's lease for a run in flight ('lease'): that
    // replica records the slot, so that exactly one record exists for it.
    if (reason === 'claimed' || reason === 'lease') return;
    const now = clock.now();
    const id = newRunId();
    const record: RunRecord = {
      id,
      workflow,
      status: 'skipped',
      trigger: 'schedule',
      scheduledAt,
      idempotencyKey: idempotencyKey(workflow, 'schedule', scheduledAt, id),
      startedAt: now,
      finishedAt: now,
      attempt: 1,
      epoch: 1,
      skipReason: reason,
      recoveries: [],
      steps: [],
    };
    const failed = (error: unknown): void => log.warn('Could not record a skipped tick', { workflow, error: toError(error) });
    try {
      void Promise.resolve(store.createRun(record, { owner, epoch: 1, ttlMs: leaseTtlMs })).catch(failed);
    } catch (error) {
      failed(error);
    }
  }

  /**
   * A scheduled run that holds the workflow's lease while it runs: without the lease, the tick is skipped. Chained with
   * `then`/`finally` rather than two async functions awaiting each other (`#runLeased` awaiting `#acquire`): fewer
   * promises and frames per run; those two were ~2.6% of the main thread with 10,000 every-second workflows.
   */
  #runLeased(entry: WorkflowEntry, active: ActiveRun, start: RunStart): Promise<RunRecord | undefined> {
    const { coordinator, services } = this.#options;
    let acquiring: Promise<Lease | undefined>;
    try {
      acquiring = coordinator.acquireLease(entry.leaseKey, services.owner, services.leaseTtlMs);
    } catch (error) {
      acquiring = Promise.reject(error);
    }
    const notAcquired = (error: unknown): undefined => {
      services.log.error('Could not acquire the workflow lease; the tick does not run here', { workflow: entry.def.name, error: toError(error) });
      return undefined;
    };
    const leased = (lease: Lease | undefined): Promise<RunRecord | undefined> | undefined => {
      if (lease === undefined) {
        if (start.kind === 'new') this.skipped(entry, start.scheduledAt, 'lease');
        return undefined;
      }
      // Renewed by the engine's heartbeat (see renewWorkflowLeases) rather than by a timer of the run's own: a timer and
      // its AbortController per run were ~15% of the CPU of 10,000 every-second workflows.
      active.workflowLease = lease;
      const release = (): Promise<void> => {
        active.workflowLease = undefined;
        return coordinator
          .releaseLease(lease)
          .catch((error: unknown) => services.log.warn('Could not release a lease', { key: lease.key, error: toError(error) }));
      };
      return active.run.execute(start).finally(release);
    };
    return acquiring.then(leased, (error: unknown) => leased(notAcquired(error)));
  }

  /**
   * Renews the workflow leases that scheduled runs in flight hold (the engine's heartbeat calls it). A lease the
   * Coordinator says is lost is logged and no longer renewed; the run goes on, and releases it when it ends.
   */
  async renewWorkflowLeases(): Promise<void> {
    const { coordinator, services } = this.#options;
    const renewals: Promise<void>[] = [];
    for (const active of this.owned.values()) {
      const lease = active.workflowLease;
      if (lease === undefined) continue;
      const workflow = active.run.workflow;
      renewals.push(
        coordinator.renewLease(lease, services.leaseTtlMs).then(
          (renewed) => {
            if (renewed) return;
            if (active.workflowLease === lease) active.workflowLease = undefined;
            services.log.warn('The workflow lease was lost; another replica may run the workflow', { workflow, key: lease.key });
          },
          (error: unknown) => services.log.warn('Could not renew the workflow lease', { workflow, error: toError(error) }),
        ),
      );
    }
    await Promise.all(renewals);
  }
}
