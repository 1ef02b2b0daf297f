// Starts the runs of the engine's workflows: a run id, its abort, its place among the workflow's runs in flight, the
// workflow's lease for scheduled runs that must not overlap (renewed by a heartbeat), and the record of a skipped tick.
import { randomUUID } from 'node:crypto';
import { BatonError } from '../../Errors/BatonError.js';
import { BatonErrorCode } from '../../Errors/BatonErrorCode.js';
import { toError } from '../../Errors/toError.js';
import type { Logger } from '../../Logging/Logger.js';
import type { Coordinator, Lease } from '../../Runs/Coordinator.js';
import type { RunRecord, RunTrigger } from '../../Runs/RunRecord.js';
import type { TickSkipReason } from '../Workflows.js';
import { SETTLED } from './StepAttempt.js';
import { isPromiseLike } from './isPromiseLike.js';
import { WorkflowAbort } from './WorkflowAbort.js';
import type { ActiveRun, WorkflowEntry } from './WorkflowEntry.js';
import type { RunDependencies, RunRequest } from './RunRequest.js';
import { idempotencyKey } from './RunRequest.js';
import { WorkflowRun } from './WorkflowRun.js';

export interface LauncherOptions {
  readonly run: RunDependencies;
  readonly coordinator: Coordinator;
  /** This engine's identity as a lease holder. */
  readonly holder: string;
  readonly leaseTtlMs: number;
  /** Called when a run of `entry` has left its in-flight set: queued slots may start. */
  readonly onSettled: (entry: WorkflowEntry) => void;
}

export class RunLauncher {
  readonly #options: LauncherOptions;
  readonly #log: Logger;

  constructor(options: LauncherOptions) {
    this.#options = options;
    this.#log = options.run.log;
  }

  /** Runs one run of `entry`; it counts as in flight (synchronously) until it has been recorded and its lease released. */
  launch(entry: WorkflowEntry, trigger: RunTrigger, scheduledAt: number, input: unknown, signal?: AbortSignal): Promise<RunRecord | undefined> {
    // A scheduled run under overlap 'skip' or 'queue-one' holds the workflow's lease; any other run just runs.
    const leased = trigger === 'schedule' && entry.def.settings.overlap.kind !== 'allow';
    const launched = new LaunchedRun(randomUUID(), trigger, scheduledAt, input, entry, signal, leased, this.#options.onSettled);
    entry.inflight.set(launched.id, launched);
    const done = leased ? this.#runLeased(entry, launched) : new WorkflowRun(entry.def, this.#options.run, launched).execute();
    launched.done = done;
    return done;
  }

  /** Records a tick that did not run here (and emits `tick.skipped`); a tick claimed elsewhere is recorded there. */
  skipped(entry: WorkflowEntry, scheduledAt: number, reason: TickSkipReason): void {
    const { clock, store, events } = this.#options.run;
    const name = entry.def.name;
    this.#log.info('Tick skipped', { workflow: name, scheduledAt, reason });
    events.emit('tick.skipped', { workflow: name, scheduledAt, reason });
    if (reason === 'claimed') return;
    const now = clock.now();
    const id = randomUUID();
    const record: RunRecord = Object.freeze({
      id,
      workflow: name,
      status: 'skipped',
      trigger: 'schedule',
      scheduledAt,
      idempotencyKey: idempotencyKey(name, 'schedule', scheduledAt, id),
      startedAt: now,
      finishedAt: now,
      attempt: 1,
      skipReason: reason,
      steps: Object.freeze([]),
    });
    const failed = (error: unknown): void => this.#log.warn('Could not record a skipped tick', { workflow: name, error: toError(error) });
    try {
      const write = store.createRun(record);
      if (isPromiseLike(write)) Promise.resolve(write).catch(failed);
    } catch (error) {
      failed(error);
    }
  }

  /** A run that holds the workflow's lease while it runs; it leaves the in-flight set once the lease is released. */
  async #runLeased(entry: WorkflowEntry, request: LaunchedRun): Promise<RunRecord | undefined> {
    const { coordinator } = this.#options;
    let lease: Lease | undefined;
    const heartbeat = new AbortController();
    try {
      lease = await this.#acquire(entry);
      if (lease === undefined) {
        this.skipped(entry, request.scheduledAt, 'lease');
        return undefined;
      }
      this.#heartbeat(entry, lease, heartbeat.signal);
      return await new WorkflowRun(entry.def, this.#options.run, request).execute();
    } finally {
      heartbeat.abort(SETTLED);
      if (lease !== undefined) {
        const held = lease;
        await coordinator.releaseLease(held).catch((error: unknown) => this.#log.warn('Could not release a lease', { key: held.key, error: toError(error) }));
      }
      request.release();
    }
  }

  async #acquire(entry: WorkflowEntry): Promise<Lease | undefined> {
    const { coordinator, holder, leaseTtlMs } = this.#options;
    try {
      return await coordinator.acquireLease(`workflow:${entry.def.name}`, holder, leaseTtlMs);
    } catch (error) {
      this.#log.error('Could not acquire the workflow lease; the tick does not run here', { workflow: entry.def.name, error: toError(error) });
      return undefined;
    }
  }

  #heartbeat(entry: WorkflowEntry, lease: Lease, signal: AbortSignal): void {
    const { coordinator, leaseTtlMs, run } = this.#options;
    void (async () => {
      while (await run.clock.sleep(leaseTtlMs / 3, signal)) {
        try {
          if (!(await coordinator.renewLease(lease, leaseTtlMs))) {
            this.#log.warn('The workflow lease was lost; another replica may run the workflow', { workflow: entry.def.name, key: lease.key });
            return;
          }
        } catch (error) {
          this.#log.warn('Could not renew the workflow lease', { workflow: entry.def.name, error: toError(error) });
        }
      }
    })();
  }
}

/**
 * A run as launched: the request its WorkflowRun reads, and its entry in the workflow's in-flight set. One object per
 * run for both, with `settled` a method rather than a closure.
 */
class LaunchedRun implements RunRequest, ActiveRun {
  readonly controller = new WorkflowAbort();
  done: Promise<unknown> | undefined = undefined;
  readonly #entry: WorkflowEntry;
  readonly #signal: AbortSignal | undefined;
  readonly #onAbort: (() => void) | undefined;
  readonly #leased: boolean;
  readonly #onSettled: (entry: WorkflowEntry) => void;

  constructor(
    readonly id: string,
    readonly trigger: RunTrigger,
    readonly scheduledAt: number,
    readonly input: unknown,
    entry: WorkflowEntry,
    signal: AbortSignal | undefined,
    leased: boolean,
    onSettled: (entry: WorkflowEntry) => void,
  ) {
    this.#entry = entry;
    this.#signal = signal;
    this.#leased = leased;
    this.#onSettled = onSettled;
    if (signal !== undefined) {
      const { controller } = this;
      this.#onAbort = () => controller.abort(new BatonError(BatonErrorCode.WorkflowRunCancelled, `Run ${id} of workflow '${entry.def.name}' was cancelled by its caller.`));
      signal.addEventListener('abort', this.#onAbort, { once: true });
    }
  }

  /** The WorkflowRun is over; a leased run leaves the in-flight set only once its lease is released (#runLeased). */
  settled(): void {
    if (!this.#leased) this.release();
  }

  /** Leaves the in-flight set: queued slots of the workflow may start. */
  release(): void {
    if (this.#onAbort !== undefined) this.#signal!.removeEventListener('abort', this.#onAbort);
    this.#entry.inflight.delete(this.id);
    this.#onSettled(this.#entry);
  }
}
