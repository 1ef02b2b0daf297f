// What an engine does for the runs it owns and the runs whose owner died: the heartbeat that renews the leases of its
// runs in flight (fencing those it lost), and the sweep that takes over runs whose lease expired and carries them on by
// their workflow's recovery policy.
import { BatonError } from '../../Errors/BatonError.js';
import { BatonErrorCode } from '../../Errors/BatonErrorCode.js';
import { toError } from '../../Errors/toError.js';
import type { Logger } from '../../Logging/Logger.js';
import type { ControlChannel } from '../../Runs/ControlChannel.js';
import type { RunRecord } from '../../Runs/RunRecord.js';
import type { RunStore } from '../../Runs/RunStore.js';
import type { Clock } from '../../Time/Clock.js';
import type { WorkflowEvents } from '../Workflows.js';
import { cancelledBy } from './cancelledBy.js';
import type { EventHub } from './EventHub.js';
import type { RunLauncher } from './RunLauncher.js';
import type { ActiveRun, WorkflowEntry } from './WorkflowEntry.js';

export interface RunKeeperOptions {
  readonly clock: Clock;
  readonly store: RunStore;
  readonly log: Logger;
  readonly events: EventHub<WorkflowEvents>;
  /** This engine's identity as the owner of runs. */
  readonly owner: string;
  readonly leaseTtlMs: number;
  readonly heartbeatMs: number;
  readonly recoveryIntervalMs: number;
  readonly recoveryBatch: number;
  /** Read with each heartbeat for the cancel requests of the runs in flight (the backstop of lost `cancel` signals). */
  readonly channel: ControlChannel;
  readonly launcher: () => RunLauncher;
  /** The registered workflow of that name, while the engine runs; `undefined` otherwise. */
  readonly workflow: (name: string) => WorkflowEntry | undefined;
  /** Reports a run that rejected (it was not recorded); a fenced run is not reported. */
  readonly onRejected: (entry: WorkflowEntry, error: unknown) => void;
  /** Aborts when the engine stops: the heartbeat and the sweep end. */
  readonly signal: AbortSignal;
}

export class RunKeeper {
  readonly #options: RunKeeperOptions;
  /** Whether the heartbeat loop runs (it does while the engine owns runs). */
  #beating = false;

  constructor(options: RunKeeperOptions) {
    this.#options = options;
  }

  /**
   * Every `recoveryIntervalMs` until the engine stops: one recovery sweep (see {@link RunKeeper.recoverExpired}).
   * A sweep that fails is logged, and the next one tries again.
   */
  async sweep(): Promise<void> {
    const { clock, recoveryIntervalMs, signal, log } = this.#options;
    while (await clock.sleep(recoveryIntervalMs, signal)) {
      try {
        await this.recoverExpired();
      } catch (error) {
        log.warn('Could not sweep the RunStore for interrupted runs', { error: toError(error) });
      }
    }
  }

  /**
   * Takes over runs still `running` whose owner's lease has expired (epoch + 1), and carries each on by its workflow's
   * recovery policy; past `maxRecoveries` a run ends `abandoned`. A run of a workflow this engine does not have is left
   * for an engine that does. Resolves with how many it took over, once they are launched.
   */
  async recoverExpired(): Promise<number> {
    const { store, owner, leaseTtlMs, recoveryBatch, launcher, workflow } = this.#options;
    let recovered = 0;
    for (const record of await store.expiredRuns(recoveryBatch)) {
      const entry = workflow(record.workflow);
      if (entry === undefined || launcher().owned.has(record.id)) continue;
      const taken = await store.takeOver(record.id, { kind: 'recovered', owner, ttlMs: leaseTtlMs, from: ['running'], epoch: record.epoch });
      if (taken === undefined) continue;
      recovered++;
      this.#recover(entry, taken);
    }
    return recovered;
  }

  #recover(entry: WorkflowEntry, taken: RunRecord): void {
    const settings = entry.def.settings;
    const recoveries = taken.recoveries.filter((recovery) => recovery.kind === 'recovered').length;
    const mode = recoveries > settings.maxRecoveries ? 'abandon' : settings.recovery;
    this.#options.log.warn('Recovering an interrupted run', {
      workflow: entry.def.name,
      runId: taken.id,
      previousOwner: taken.recoveries.at(-1)?.previousOwner,
      epoch: taken.epoch,
      mode,
    });
    this.#options.events.emit('run.recovered', { run: taken, mode });
    this.#options
      .launcher()
      .launch(entry, { kind: 'taken', record: taken, mode })
      .catch((error: unknown) => this.#options.onRejected(entry, error));
  }

  /** Starts the heartbeat when a run is launched and none beats: it beats only while the engine owns runs. */
  beat(): void {
    if (this.#beating || this.#options.signal.aborted) return;
    this.#beating = true;
    void this.#heartbeat().finally(() => (this.#beating = false));
  }

  /**
   * Every `heartbeatMs` while runs are in flight: renews the workflow leases they hold (see
   * RunLauncher.renewWorkflowLeases), then their own leases in one store call. A run whose lease the store
   * no longer has for us was taken over, and is fenced; a run whose lease could not be renewed for a whole ttl fences
   * itself (BATON_ERR_RUNS_LEASE_LOST), since another engine may already have it. Then the cancel requests standing
   * for them are read, and those runs are cancelled (a `cancel` signal that was lost, or sent before a takeover).
   */
  async #heartbeat(): Promise<void> {
    const { clock, store, owner, heartbeatMs, leaseTtlMs, launcher, log, signal } = this.#options;
    while (await clock.sleep(heartbeatMs, signal)) {
      if (launcher().owned.size === 0) return;
      await launcher().renewWorkflowLeases();
      const owned = [...launcher().owned.values()].filter((active) => active.run.lease !== undefined);
      if (owned.length === 0) continue;
      const now = clock.now();
      try {
        const lost = new Set(
          await store.renewLeases(
            owner,
            leaseTtlMs,
            owned.map((active) => ({ id: active.id, epoch: active.run.lease!.epoch })),
          ),
        );
        for (const active of owned) {
          // A run that ended while the renewal was out released its lease: the store reports it lost, but it is done.
          if (launcher().owned.get(active.id) !== active) continue;
          if (!lost.has(active.id)) active.renewedAt = now;
          else active.run.fence(new BatonError(BatonErrorCode.RunsStaleEpoch, `Run ${active.id} was taken over: its lease could not be renewed by ${owner}.`));
        }
      } catch (error) {
        log.warn('Could not renew the leases of the runs in flight', { runs: owned.length, error: toError(error) });
        for (const active of owned) {
          if (clock.now() - active.renewedAt < leaseTtlMs) continue;
          active.run.fence(
            new BatonError(
              BatonErrorCode.RunsLeaseLost,
              `Run ${active.id} could not renew its lease within ${leaseTtlMs} ms; it stops here, as another engine may take it over.`,
              {
                cause: error,
              },
            ),
          );
        }
      }
      await this.#cancelRequested(owned);
    }
  }

  async #cancelRequested(owned: readonly ActiveRun[]): Promise<void> {
    const { channel, log } = this.#options;
    try {
      for (const { runId, actor } of await channel.cancelRequests(owned.map((active) => active.id))) {
        const active = owned.find((candidate) => candidate.id === runId);
        if (active === undefined || active.controller.aborted) continue;
        log.info('Run cancelled by a standing cancel request', { workflow: active.run.workflow, runId, actor });
        active.controller.abort(cancelledBy(runId, active.run.workflow, actor));
      }
    } catch (error) {
      log.warn('Could not read the cancel requests of the runs in flight', { runs: owned.length, error: toError(error) });
    }
  }
}
