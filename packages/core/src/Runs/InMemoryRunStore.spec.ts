// What is specific to the in-memory store; the RunStore contract itself is checked by @baton/testing's conformance suite.
import { describe, expect, it } from 'vitest';
import { BatonErrorCode } from '../Errors/BatonErrorCode.js';
import { codeOf } from '../Errors/fakes/codeOf.js';
import { FakeClock } from '../Time/fakes/FakeClock.js';
import { InMemoryRunStore } from './InMemoryRunStore.js';
import type { RunRecord } from './RunRecord.js';

const lease = { owner: 'engine-a', epoch: 1, ttlMs: 10_000 };

function run(id: string, startedAt: number): RunRecord {
  return { id, workflow: 'wf', status: 'running', trigger: 'manual', scheduledAt: startedAt, idempotencyKey: `wf@manual:${id}`, startedAt, attempt: 1, epoch: 1, recoveries: [], steps: [] };
}

describe(InMemoryRunStore, () => {
  it.each([[{ maxRunsPerWorkflow: 0 }], [{ maxAgeMs: -1 }], [{ maxRuns: 5 } as never]])('should refuse the options %j', (options) => {
    expect(codeOf(() => new InMemoryRunStore(options))).toBe(BatonErrorCode.RunsInvalidOptions);
  });

  it('should drop finished runs older than maxAgeMs, and keep running ones', async () => {
    const clock = new FakeClock(0);
    const store = new InMemoryRunStore({ clock, maxAgeMs: 60_000 });
    store.createRun(run('old', 0), lease);
    store.finishRun('old', lease, { status: 'succeeded', finishedAt: 0 });
    store.createRun(run('long', 0), lease);
    clock.jump(61_000);
    store.createRun(run('new', 61_000), lease);
    expect((await store.listRuns('wf')).map((record) => record.id)).toStrictEqual(['new', 'long']);
  });
});
