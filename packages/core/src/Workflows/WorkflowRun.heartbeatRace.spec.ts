import { afterEach, describe, expect, it } from 'vitest';
import { InMemoryRunStore } from '../Runs/InMemoryRunStore.js';
import type { RunRecord } from '../Runs/RunRecord.js';
import type { LeasedRun, RunStore } from '../Runs/RunStore.js';
import { addWorkflow } from './addWorkflow.js';
import { configureWorkflows } from './configureWorkflows.js';
import { defineWorkflow } from './defineWorkflow.js';
import type { Harness } from './fakes/createHarness.js';
import { createHarness } from './fakes/createHarness.js';

// A heartbeat's renewal can be in flight while the run it renews ends: the store then answers that it no longer holds
// that run's lease, because the end released it. Found by the PostgreSQL benchmark at concurrency 10, where the run's
// trigger() rejected with BATON_ERR_RUNS_STALE_EPOCH although its final record had been written.

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.stop();
  harness = undefined;
});

/**
 * The in-memory store as a store doing I/O sees this race: the run's end is applied, then a renewal sent meanwhile is
 * answered (the run is no longer running, so its lease is reported lost), and only then does the end's own reply
 * arrive.
 */
function racingStore(inner: InMemoryRunStore): { store: RunStore; renewing: Promise<void> } {
  let started!: () => void;
  const renewing = new Promise<void>((resolve) => (started = resolve));
  let applied!: () => void;
  const endApplied = new Promise<void>((resolve) => (applied = resolve));
  let answered!: () => void;
  const renewalAnswered = new Promise<void>((resolve) => (answered = resolve));
  const store: RunStore = {
    createRun: (run, lease) => inner.createRun(run, lease),
    recordStep: (runId, lease, step) => inner.recordStep(runId, lease, step),
    finishRun: async (id, lease, outcome) => {
      inner.finishRun(id, lease, outcome);
      applied();
      await renewalAnswered;
      // The heartbeat acts on the renewal's answer in the turns after it; the end's reply comes after those.
      await new Promise<void>((resolve) => setImmediate(resolve));
    },
    renewLeases: async (owner: string, ttlMs: number, runs: readonly LeasedRun[]) => {
      started();
      await endApplied;
      const lost = await inner.renewLeases(owner, ttlMs, runs);
      answered();
      return lost;
    },
    expiredRuns: (limit) => inner.expiredRuns(limit),
    takeOver: (id, takeOver) => inner.takeOver(id, takeOver),
    getRun: (id) => inner.getRun(id),
    listRuns: (workflow, options) => inner.listRuns(workflow, options),
    queryRuns: (query) => inner.queryRuns(query),
    countRuns: () => inner.countRuns(),
    lastRun: (workflow) => inner.lastRun(workflow),
    lastScheduledAt: (workflow) => inner.lastScheduledAt(workflow),
  };
  return { store, renewing };
}

describe('WorkflowRun when a lease renewal is in flight as the run ends', () => {
  it('should resolve with the run as recorded, and report no fence, when the renewal is answered before the end', async () => {
    const inner = new InMemoryRunStore();
    const racing = racingStore(inner);
    let finishStep!: () => void;
    const stepMayEnd = new Promise<void>((resolve) => (finishStep = resolve));
    const workflow = defineWorkflow('slow-step').step('wait', async () => {
      await stepMayEnd;
      return 'done';
    });
    harness = await createHarness(
      (builder) => {
        configureWorkflows(builder, { leaseTtl: '3s', heartbeat: '1s' });
        addWorkflow(builder, workflow);
      },
      { store: racing.store },
    );
    const fenced: string[] = [];
    const finished: string[] = [];
    harness.workflows.on('run.fenced', ({ runId }) => fenced.push(runId));
    harness.workflows.on('run.finished', ({ run }) => finished.push(run.status));

    const settled = harness.workflows.trigger('slow-step').then(
      (record): { record: RunRecord } => ({ record }),
      (error: unknown) => ({ error }),
    );
    await harness.clock.advance(1000);
    await racing.renewing;
    finishStep();
    const outcome = await settled;

    expect(outcome).not.toHaveProperty('error');
    const record = (outcome as { record: RunRecord }).record;
    expect(record.status).toBe('succeeded');
    expect(fenced).toStrictEqual([]);
    expect(finished).toStrictEqual(['succeeded']);
    expect((await inner.getRun(record.id))?.status).toBe('succeeded');
  });
});
