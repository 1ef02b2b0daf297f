import { afterEach, describe, expect, it } from 'vitest';
import { InMemoryRunStore } from '../Runs/InMemoryRunStore.js';
import type { RunRecord } from '../Runs/RunRecord.js';
import type { RunStore } from '../Runs/RunStore.js';
import type { StepRunRecord } from '../Runs/StepRunRecord.js';
import { addWorkflow } from './addWorkflow.js';
import { defineWorkflow } from './defineWorkflow.js';
import type { Harness } from './fakes/createHarness.js';
import { createHarness } from './fakes/createHarness.js';
import type { WorkflowEvents } from './Workflows.js';

// The runner has a synchronous write path (the in-memory store returns nothing) and an asynchronous one (a store that
// does I/O returns promises, as the PostgreSQL store will). Both must record the same runs, in the same order.

/** The in-memory store behind promises that settle a few turns later, like a store doing I/O. */
function asyncStore(inner: InMemoryRunStore, writes: string[]): RunStore {
  const later = async (): Promise<void> => {
    for (let turn = 0; turn < 3; turn++) await Promise.resolve();
  };
  return {
    ...reads(inner),
    createRun: async (run, lease) => (await later(), writes.push(`create ${run.status}`), inner.createRun(run, lease)),
    recordStep: async (runId, lease, step) => (await later(), writes.push(describeStep(step)), inner.recordStep(runId, lease, step)),
    finishRun: async (id, lease, outcome) => (await later(), writes.push(`finish ${outcome.status}`), inner.finishRun(id, lease, outcome)),
  };
}

/** A store that writes synchronously, recording the order of its writes the same way. */
function syncStore(inner: InMemoryRunStore, writes: string[]): RunStore {
  return {
    ...reads(inner),
    createRun: (run, lease) => (writes.push(`create ${run.status}`), inner.createRun(run, lease)),
    recordStep: (runId, lease, step) => (writes.push(describeStep(step)), inner.recordStep(runId, lease, step)),
    finishRun: (id, lease, outcome) => (writes.push(`finish ${outcome.status}`), inner.finishRun(id, lease, outcome)),
  };
}

function describeStep(step: StepRunRecord): string {
  return `step ${step.name} ${step.status}${step.compensation ? ` compensation ${step.compensation.status}` : ''}`;
}

function reads(inner: InMemoryRunStore): Omit<RunStore, 'createRun' | 'recordStep' | 'finishRun'> {
  return {
    renewLeases: (owner, ttlMs, runs) => inner.renewLeases(owner, ttlMs, runs),
    expiredRuns: (limit) => inner.expiredRuns(limit),
    takeOver: (id, takeOver) => inner.takeOver(id, takeOver),
    getRun: (id) => inner.getRun(id),
    listRuns: (workflow, options) => inner.listRuns(workflow, options),
    queryRuns: (query) => inner.queryRuns(query),
    countRuns: () => inner.countRuns(),
    lastRun: (workflow) => inner.lastRun(workflow),
    lastScheduledAt: (workflow) => inner.lastScheduledAt(workflow),
  };
}

const saga = (): ReturnType<typeof defineWorkflow> => {
  let flaky = 0;
  return defineWorkflow('saga')
    .step('reserve', async () => 'r-1', { compensate: async () => undefined })
    .parallel('price', { a: async () => 1, b: () => 2 }, { compensate: () => undefined })
    .step(
      'flaky',
      async () => {
        if (++flaky < 2) throw new Error('try again');
        return 'ok';
      },
      { retry: { attempts: 2, backoff: 'fixed', delay: '1s' } },
    )
    .step('charge', async () => {
      throw new Error('declined');
    }) as unknown as ReturnType<typeof defineWorkflow>;
};

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.stop();
  harness = undefined;
});

async function run(
  store: (inner: InMemoryRunStore, writes: string[]) => RunStore,
): Promise<{ record: RunRecord; stored: RunRecord | undefined; writes: string[]; events: string[] }> {
  const writes: string[] = [];
  const events: string[] = [];
  const inner = new InMemoryRunStore();
  harness = await createHarness((builder) => addWorkflow(builder, saga()), { store: store(inner, writes) });
  for (const event of [
    'run.started',
    'step.started',
    'step.retried',
    'step.finished',
    'compensation.started',
    'compensation.finished',
    'run.finished',
  ] as const) {
    harness.workflows.on(event, (payload: WorkflowEvents[typeof event]) => events.push(`${event}${'step' in payload ? ` ${payload.step}` : ''}`));
  }
  let record: RunRecord | undefined;
  void harness.workflows.trigger('saga').then((result) => (record = result));
  for (let i = 0; i < 20 && record === undefined; i++) await harness.clock.advance(i === 0 ? 0 : 500);
  if (record === undefined) throw new Error('run did not finish');
  return { record, stored: await inner.getRun(record.id), writes, events };
}

describe('WorkflowRun with a store that writes asynchronously', () => {
  it('should record the same run, with the same writes and events in the same order, as with a synchronous store', async () => {
    const sync = await run(syncStore);
    await harness?.stop();
    harness = undefined;
    const async = await run(asyncStore);

    expect(async.record.status).toBe('compensated');
    expect(async.writes).toStrictEqual(sync.writes);
    expect(async.events).toStrictEqual(sync.events);
    const shape = (record: RunRecord | undefined): unknown =>
      record?.steps.map((step) => [step.name, step.status, step.attempts, step.compensation?.status, step.compensation?.attempts]);
    expect(shape(async.record)).toStrictEqual(shape(sync.record));
    expect(shape(async.stored)).toStrictEqual(shape(async.record));
    expect(async.stored?.status).toBe('compensated');
    expect(sync.writes.at(0)).toBe('create running');
    expect(sync.writes.at(-1)).toBe('finish compensated');
  });
});

describe('WorkflowRun: when the first step starts', () => {
  it.each([
    ['a synchronous store', syncStore],
    ['an asynchronous store', asyncStore],
  ] as const)('should start it after the caller of trigger() has gone on, with %s', async (_, store) => {
    const order: string[] = [];
    harness = await createHarness(
      (builder) =>
        addWorkflow(
          builder,
          defineWorkflow('first').step('only', () => {
            order.push('step');
          }),
        ),
      { store: store(new InMemoryRunStore(), []) },
    );
    const done = harness.workflows.trigger('first');
    order.push('caller');
    await harness.clock.advance(0);

    expect((await done).status).toBe('succeeded');
    expect(order).toStrictEqual(['caller', 'step']);
  });
});
