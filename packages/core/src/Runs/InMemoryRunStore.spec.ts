import { beforeEach, describe, expect, it } from 'vitest';
import { BatonError } from '../Errors/BatonError.js';
import { BatonErrorCode } from '../Errors/BatonErrorCode.js';
import { InMemoryRunStore } from './InMemoryRunStore.js';
import type { RunRecord } from './RunRecord.js';

function run(id: string, overrides: Partial<RunRecord> = {}): RunRecord {
  return { id, workflow: 'wf', status: 'running', trigger: 'schedule', scheduledAt: 1000, idempotencyKey: `wf@${id}`, startedAt: 1000, attempt: 1, steps: [], ...overrides };
}

describe(InMemoryRunStore, () => {
  let store: InMemoryRunStore;
  beforeEach(() => {
    store = new InMemoryRunStore({ maxRunsPerWorkflow: 3 });
  });

  describe('when a run is recorded step by step', () => {
    it('should upsert steps by name and write the outcome once', async () => {
      await store.createRun(run('r1'));
      await store.recordStep('r1', { name: 'a', status: 'running', attempts: 1, startedAt: 1 });
      await store.recordStep('r1', { name: 'a', status: 'succeeded', attempts: 2, startedAt: 1, finishedAt: 3, outputSummary: '1' });
      await store.recordStep('r1', { name: 'b', status: 'failed', attempts: 1, startedAt: 3, finishedAt: 4, error: { name: 'Error', message: 'x' } });
      await store.finishRun('r1', { status: 'failed', finishedAt: 5, error: { name: 'Error', message: 'x' } });
      const stored = await store.getRun('r1');
      expect(stored?.status).toBe('failed');
      expect(stored?.steps.map((step) => [step.name, step.status, step.attempts])).toStrictEqual([
        ['a', 'succeeded', 2],
        ['b', 'failed', 1],
      ]);
      expect(Object.isFrozen(stored)).toBe(true);
    });

    it('should not share objects with its callers', async () => {
      const record = run('r1');
      await store.createRun(record);
      (record as { status: string }).status = 'succeeded';
      expect((await store.getRun('r1'))?.status).toBe('running');
    });
  });

  describe('when the history exceeds its bound', () => {
    it('should drop the oldest finished runs and keep runs in flight', async () => {
      await store.createRun(run('r1', { startedAt: 1 }));
      for (const [index, id] of ['r2', 'r3', 'r4', 'r5'].entries()) {
        await store.createRun(run(id, { startedAt: index + 2, scheduledAt: 1000 + index }));
        await store.finishRun(id, { status: 'succeeded', finishedAt: index + 2 });
      }
      expect((await store.listRuns('wf')).map((entry) => entry.id)).toStrictEqual(['r5', 'r4', 'r1']);
      expect((await store.listRuns('wf', { limit: 1 }))[0]?.id).toBe('r5');
      expect((await store.lastRun('wf'))?.id).toBe('r5');
      expect(await store.lastScheduledAt('wf')).toBe(1003);
    });

    it('should apply a per-workflow retention', async () => {
      await store.setRetention('wf', 1);
      for (const id of ['r1', 'r2']) {
        await store.createRun(run(id, { status: 'succeeded' }));
      }
      expect((await store.listRuns('wf')).map((entry) => entry.id)).toStrictEqual(['r2']);
    });
  });

  describe('when runs started at the same instant', () => {
    it('should list the most recently created first', async () => {
      for (const [index, id] of ['r1', 'r2', 'r3'].entries()) {
        await store.createRun(run(id, { startedAt: 7, scheduledAt: 1000 + index }));
      }
      expect((await store.listRuns('wf')).map((entry) => entry.id)).toStrictEqual(['r3', 'r2', 'r1']);
      expect((await store.lastRun('wf'))?.id).toBe('r3');
    });
  });

  describe('when only manual runs exist', () => {
    it('should report no last slot', async () => {
      await store.createRun(run('m1', { trigger: 'manual', scheduledAt: 5 }));
      expect(await store.lastScheduledAt('wf')).toBeUndefined();
      expect(await store.lastScheduledAt('other')).toBeUndefined();
    });
  });

  describe('when the options are bad', () => {
    it.each([0, -1, 1.5, Number.NaN])('should reject maxRunsPerWorkflow %s', (max) => {
      expect(() => new InMemoryRunStore({ maxRunsPerWorkflow: max })).toThrow(expect.objectContaining({ code: BatonErrorCode.RunsInvalidOptions }));
    });

    it('should reject a retention below 1', async () => {
      const error = await store.setRetention('wf', 0).catch((thrown: unknown) => thrown);
      expect(BatonError.is(error, BatonErrorCode.RunsInvalidOptions)).toBe(true);
    });
  });
});
