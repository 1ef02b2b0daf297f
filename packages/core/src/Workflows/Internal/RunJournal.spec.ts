// The fences a run's journal takes from outside (a heartbeat told that the store no longer has the run's lease) as
// the run ends: the end's write releases the lease, so a renewal answered around it reports the run lost although
// it simply ended. WorkflowRun.heartbeatRace.spec.ts checks a renewal answered while the end is being written.
import { describe, expect, it } from 'vitest';
import { BatonError } from '../../Errors/BatonError.js';
import { BatonErrorCode } from '../../Errors/BatonErrorCode.js';
import { NullLogger } from '../../Logging/NullLogger.js';
import { InMemoryRunStore } from '../../Runs/InMemoryRunStore.js';
import type { RunLease } from '../../Runs/RunLease.js';
import type { RunStore } from '../../Runs/RunStore.js';
import { RunJournal } from './RunJournal.js';

const LEASE: RunLease = { owner: 'engine-a', epoch: 1, ttlMs: 30_000 };
const TAKEN = new BatonError(BatonErrorCode.RunsStaleEpoch, 'Run r1 was taken over: its lease could not be renewed by engine-a.');

/** A journal of a recorded run; `fences` collects what reached the run. */
function journalOf(store: RunStore): { journal: RunJournal; fences: BatonError[] } {
  const fences: BatonError[] = [];
  const journal = new RunJournal(store, 'r1', LEASE, [], NullLogger, (reason) => fences.push(reason));
  return { journal, fences };
}

function recorded(): InMemoryRunStore {
  const store = new InMemoryRunStore();
  store.createRun(
    {
      id: 'r1',
      workflow: 'wf',
      status: 'running',
      trigger: 'manual',
      scheduledAt: 0,
      idempotencyKey: 'r1',
      startedAt: 0,
      attempt: 1,
      epoch: 1,
      recoveries: [],
      steps: [],
    },
    LEASE,
  );
  return store;
}

describe('RunJournal', () => {
  it('should ignore a fence from outside once the run end is written', async () => {
    const inner = recorded();
    // A store doing I/O: its write answers with a promise.
    const store: RunStore = Object.assign(Object.create(inner) as RunStore, {
      finishRun: async (...args: Parameters<RunStore['finishRun']>) => inner.finishRun(...args),
    });
    const { journal, fences } = journalOf(store);

    expect(await journal.finish({ status: 'succeeded', finishedAt: 1 })).toBe(true);
    journal.fence(TAKEN);

    expect(fences).toStrictEqual([]);
    expect(journal.fenced).toBeUndefined();
  });

  it('should fence the run when its end could not be written and a fence came meanwhile', async () => {
    const inner = recorded();
    const store: RunStore = Object.assign(Object.create(inner) as RunStore, {
      finishRun: async () => {
        journal.fence(TAKEN);
        throw new Error('connection lost');
      },
    });
    const { journal, fences } = journalOf(store);

    expect(await journal.finish({ status: 'succeeded', finishedAt: 1 })).toBe(false);

    expect(fences).toStrictEqual([TAKEN]);
    expect(journal.fenced).toBe(TAKEN);
  });

  it('should fence a run still in flight at once', () => {
    const { journal, fences } = journalOf(recorded());

    journal.fence(TAKEN);

    expect(fences).toStrictEqual([TAKEN]);
    expect(journal.recordStep({ name: 'one', status: 'succeeded', attempts: 1, startedAt: 0, finishedAt: 1 })).toBe(false);
  });
});
