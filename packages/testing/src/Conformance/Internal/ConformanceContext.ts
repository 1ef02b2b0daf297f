import type { RunLease, RunOutcome, RunRecord, RunStore, StepRunRecord, TakeOver } from '@baton/core';
import type { ManualClock } from '../../ManualClock.js';
import type { RunStoreFixture } from '../RunStoreFixture.js';
import { Check } from './Check.js';
import { RunIds } from './RunIds.js';

/** The lease time to live the cases use unless they say otherwise. */
export const TTL_MS = 30_000;

/** The workflow the cases use unless they say otherwise. */
export const WORKFLOW = 'conformance';

/**
 * What a conformance case works with: the store under test, its clock, and builders for the records the engine
 * writes (shaped as the engine shapes them). Writes are made through {@link ConformanceContext.write} and friends, so
 * a store's synchronous throw and its rejection count alike.
 */
export class ConformanceContext {
  readonly store: RunStore;
  readonly clock: ManualClock;
  readonly #fixture: RunStoreFixture;
  readonly #ids = new RunIds();
  #slots = 0;

  constructor(fixture: RunStoreFixture, clock: ManualClock) {
    this.store = fixture.store;
    this.clock = clock;
    this.#fixture = fixture;
  }

  /** Lets `ms` pass on the store's clock. */
  async advance(ms: number): Promise<void> {
    await (this.#fixture.advance === undefined ? this.clock.advance(ms) : this.#fixture.advance(ms));
  }

  /** The store's now. */
  async now(): Promise<number> {
    return this.#fixture.now === undefined ? this.clock.now() : await this.#fixture.now();
  }

  id(): string {
    return this.#ids.next();
  }

  lease(owner = 'engine-a', epoch = 1, ttlMs = TTL_MS): RunLease {
    return { owner, epoch, ttlMs };
  }

  /**
   * A `running` run as the engine creates it, started at the clock's now: a scheduled one unless `overrides` say
   * otherwise. Without a `scheduledAt` it gets a slot of its own, a minute apart from the others in 2000, so that it
   * conflicts with no other run and never is a workflow's latest slot when a case gives slots itself.
   */
  run(overrides: Partial<RunRecord> = {}): RunRecord {
    const id = overrides.id ?? this.id();
    const workflow = overrides.workflow ?? WORKFLOW;
    const trigger = overrides.trigger ?? 'schedule';
    const scheduledAt = overrides.scheduledAt ?? Date.UTC(2000, 0, 1) + this.#slots++ * 60_000;
    const idempotencyKey = trigger === 'schedule' ? `${workflow}@${new Date(scheduledAt).toISOString()}` : `${workflow}@manual:${id}`;
    return {
      id,
      workflow,
      status: 'running',
      trigger,
      scheduledAt,
      idempotencyKey,
      startedAt: this.clock.now(),
      attempt: 1,
      epoch: 1,
      recoveries: [],
      steps: [],
      ...overrides,
    };
  }

  /** A `skipped` record of a scheduled tick, as the engine writes it for an overlap. */
  skipped(overrides: Partial<RunRecord> = {}): RunRecord {
    const startedAt = overrides.startedAt ?? this.clock.now();
    return this.run({ status: 'skipped', startedAt, finishedAt: startedAt, skipReason: 'overlap', ...overrides });
  }

  step(name: string, overrides: Partial<StepRunRecord> = {}): StepRunRecord {
    return { name, status: 'running', attempts: 1, startedAt: this.clock.now(), ...overrides };
  }

  /** Creates `run` under `lease`, which must succeed and create it; resolves with the run as the store should hold it. */
  async create(run: RunRecord, lease: RunLease = this.lease()): Promise<RunRecord> {
    const now = await this.now();
    const created = await Check.succeeds(() => this.store.createRun(run, lease), `createRun(${run.id})`);
    Check.that(created === true, `createRun(${run.id}) for a free slot resolved ${String(created)}; expected true.`);
    return run.status === 'running' ? { ...run, owner: lease.owner, epoch: lease.epoch, leaseExpiresAt: now + lease.ttlMs } : run;
  }

  /** Calls createRun, which may create the run or not. */
  async claim(run: RunRecord, lease: RunLease = this.lease()): Promise<boolean> {
    return Check.succeeds(() => this.store.createRun(run, lease), `createRun(${run.id})`);
  }

  /** Writes `step` of run `id`; the write must be applied. */
  async recordStep(id: string, lease: RunLease, step: StepRunRecord): Promise<void> {
    await Check.succeeds(() => this.store.recordStep(id, lease, step), `recordStep(${id}, ${lease.owner}@${lease.epoch}, '${step.name}')`);
  }

  /** Ends run `id`; the write must be applied. */
  async finishRun(id: string, lease: RunLease, outcome: RunOutcome): Promise<void> {
    await Check.succeeds(() => this.store.finishRun(id, lease, outcome), `finishRun(${id}, ${lease.owner}@${lease.epoch}, ${outcome.status})`);
  }

  /** Creates a run and ends it with `outcome` (succeeded at the clock's now by default). */
  async finished(run: RunRecord, outcome: Partial<RunOutcome> = {}, lease: RunLease = this.lease()): Promise<RunRecord> {
    await this.create(run, lease);
    await this.finishRun(run.id, lease, { status: 'succeeded', finishedAt: this.clock.now(), ...outcome });
    return this.read(run.id);
  }

  /** Takes run `id` over; the takeover must win. */
  async takeOver(id: string, takeOver: TakeOver): Promise<RunRecord> {
    const taken = await Check.succeeds(() => this.store.takeOver(id, takeOver), `takeOver(${id})`);
    Check.that(taken !== undefined, `takeOver(${id}, ${JSON.stringify(takeOver)}) resolved undefined; expected the run as taken.`);
    return taken;
  }

  /** The run `id`, which must be in the store. */
  async read(id: string): Promise<RunRecord> {
    const run = await Check.succeeds(() => this.store.getRun(id), `getRun(${id})`);
    Check.that(run !== undefined, `getRun(${id}) resolved undefined; expected the run.`);
    return run;
  }

  /** Checks that `action` leaves run `id` exactly as it was (or still absent). */
  async unchanged(id: string, action: () => Promise<void>, message: string): Promise<void> {
    const before = structuredClone(await this.store.getRun(id));
    await action();
    Check.same(await this.store.getRun(id), before, `${message}, yet the run changed`);
  }
}
