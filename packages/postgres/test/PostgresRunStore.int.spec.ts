// What the conformance suite does not say about the PostgreSQL store: a failed statement changes nothing, each
// attempt of a step has its row, retention by age deletes in bounded batches and keeps the latest slot, and ends that
// arrive together share one statement (group commit), each fenced on its own, and so do a run's end and another's claim;
// the end of a fresh run takes the lean statement, which leaves the rows the full one would.
import type { StepRunRecord } from '@baton/core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { migrateSchema } from '../src/Internal/Migrations/Migrator.js';
import { PostgresDatabase, PostgresRunStore } from '../src/index.js';
import { createTestDatabase, type TestDatabase } from './createTestDatabase.js';
import { useTestClock, type TestDatabaseClock } from './testClock.js';

let database: TestDatabase;
let db: PostgresDatabase;
let clock: TestDatabaseClock;
let ids = 0;
const T0 = Date.UTC(2026, 0, 1);

beforeAll(async () => {
  database = await createTestDatabase();
  db = new PostgresDatabase({ url: database.url, schema: 'store' });
  await migrateSchema(db);
  clock = await useTestClock(db, T0);
});

afterAll(async () => {
  await db.close();
  await database.drop();
});

function id(): string {
  return `0190a000-0000-7000-8000-${String(++ids).padStart(12, '0')}`;
}

function run(workflow: string, scheduledAt: number) {
  const runId = id();
  return {
    id: runId,
    workflow,
    status: 'running' as const,
    trigger: 'schedule' as const,
    scheduledAt,
    idempotencyKey: `${workflow}@${new Date(scheduledAt).toISOString()}`,
    startedAt: T0,
    attempt: 1,
    epoch: 1,
    recoveries: [],
    steps: [],
  };
}

const lease = { owner: 'engine-a', epoch: 1, ttlMs: 30_000 };

describe(PostgresRunStore, () => {
  it('should change nothing, lease included, when a write fails on the server', async () => {
    const store = new PostgresRunStore(db);
    const record = run('atomic', T0);
    await store.createRun(record, lease);
    await store.recordStep(record.id, lease, { name: 'fetch', status: 'succeeded', attempts: 1, startedAt: T0, finishedAt: T0 + 1, output: '1' });
    const before = await store.getRun(record.id);
    await clock.advance(5_000);
    await expect(store.recordStep(record.id, lease, { name: 'store', status: 'bogus' as never, attempts: 1, startedAt: T0 })).rejects.toMatchObject({
      code: '23514', // check_violation: the step's status
    });
    expect(await store.getRun(record.id)).toStrictEqual(before);
  });

  it('should keep one row per attempt of a step, the earlier ones failed with their own error, and a compensation of its own kind', async () => {
    const store = new PostgresRunStore(db);
    const record = run('attempts', T0);
    await store.createRun(record, lease);
    const first = { name: 'Error', message: 'first' };
    const second = { name: 'Error', message: 'second' };
    await store.recordStep(record.id, lease, { name: 'pay', status: 'running', attempts: 1, startedAt: T0 });
    await store.recordStep(record.id, lease, { name: 'pay', status: 'running', attempts: 2, startedAt: T0, error: first, attemptErrors: [first] });
    await store.recordStep(record.id, lease, {
      name: 'pay',
      status: 'succeeded',
      attempts: 3,
      startedAt: T0,
      finishedAt: T0 + 9,
      error: second,
      attemptErrors: [first, second],
      output: '"paid"',
      compensation: { status: 'succeeded', startedAt: T0 + 10, finishedAt: T0 + 11, attempts: 1 },
    });
    const rows = await db.query<{ kind: string; attempt: number; status: string; error: { message: string } | null; output: string | null }>(
      'read',
      `SELECT kind, attempt, status, error, output FROM store.step_runs WHERE run_id = $1 ORDER BY kind DESC, attempt`,
      [record.id],
    );
    expect(rows).toStrictEqual([
      { kind: 'step', attempt: 1, status: 'failed', error: first, output: null },
      { kind: 'step', attempt: 2, status: 'failed', error: second, output: null },
      { kind: 'step', attempt: 3, status: 'succeeded', error: second, output: '"paid"' },
      { kind: 'compensation', attempt: 1, status: 'succeeded', error: null, output: null },
    ]);
  });

  it('should delete finished runs past maxAgeMs in bounded batches, never a running one, and keep the latest slot', async () => {
    const store = new PostgresRunStore(db, { maxAgeMs: 60_000, retentionBatch: 2 });
    const finished = [];
    for (let slot = 0; slot < 5; slot++) {
      const record = run('aged', T0 + slot * 1_000);
      await store.createRun(record, lease);
      await store.finishRun(record.id, lease, { status: 'succeeded', finishedAt: await clock.now() });
      finished.push(record.id);
    }
    const running = run('aged', T0 - 1_000);
    await store.createRun(running, lease);
    await clock.advance(60_001);
    const fresh = run('aged', T0 - 2_000);
    await store.createRun(fresh, lease);
    await store.finishRun(fresh.id, lease, { status: 'failed', finishedAt: await clock.now() });

    store.resetStats();
    expect(await store.prune()).toBe(5);
    expect(store.stats().byOperation['prune']).toBeGreaterThanOrEqual(3); // batches of 2: 2 + 2 + 1
    expect((await store.listRuns('aged')).map((record) => record.id).sort()).toStrictEqual([running.id, fresh.id].sort());
    expect(await store.lastScheduledAt('aged')).toBe(T0 + 4_000);
  });
  it('should write the ends made in one turn in one statement, and refuse a stale one alone', async () => {
    const store = new PostgresRunStore(db);
    const records = [];
    for (let slot = 0; slot < 6; slot++) {
      const record = run('grouped', T0 + slot * 1_000);
      await store.createRun(record, lease);
      records.push(record);
    }
    const [first, stale, withStep, ...rest] = records as [ReturnType<typeof run>, ...ReturnType<typeof run>[]];
    const step = { name: 'only', status: 'succeeded' as const, attempts: 1, startedAt: T0, finishedAt: T0 + 1, output: '"done"' };
    store.resetStats();

    // Made in one go (one turn of the event loop): they share one statement.
    const settled = await Promise.allSettled([
      store.finishRun(first.id, lease, { status: 'succeeded', finishedAt: T0 + 2 }),
      store.finishRun(stale!.id, { ...lease, epoch: 2 }, { status: 'succeeded', finishedAt: T0 + 2 }),
      store.finishRun(withStep!.id, lease, { status: 'succeeded', finishedAt: T0 + 2, outputSummary: 'ok', steps: [step] }),
      ...rest.map((record) => store.finishRun(record.id, lease, { status: 'failed', finishedAt: T0 + 2, error: { name: 'Error', message: 'no' } })),
    ]);

    expect(settled.map((result) => result.status)).toStrictEqual(['fulfilled', 'rejected', 'fulfilled', 'fulfilled', 'fulfilled', 'fulfilled']);
    expect((settled[1] as PromiseRejectedResult).reason).toMatchObject({ code: 'BATON_ERR_RUNS_STALE_EPOCH' });
    expect(store.stats().byOperation).toStrictEqual({ finishRun: 1, refusal: 1 });
    expect(await store.getRun(stale!.id)).toMatchObject({ status: 'running', owner: 'engine-a', epoch: 1 });
    expect(await store.getRun(withStep!.id)).toMatchObject({
      status: 'succeeded',
      outputSummary: 'ok',
      steps: [{ name: 'only', status: 'succeeded', output: '"done"' }],
    });
    for (const record of rest) {
      expect(await store.getRun(record.id)).toMatchObject({ status: 'failed', error: { message: 'no' } });
    }
  });

  it('should fail an end that the server refuses alone, not the ends grouped with it', async () => {
    const store = new PostgresRunStore(db);
    const records = [];
    for (let slot = 0; slot < 4; slot++) {
      const record = run('grouped-bad', T0 + slot * 1_000);
      await store.createRun(record, lease);
      records.push(record);
    }
    const bogus = { name: 'only', status: 'bogus' as never, attempts: 1, startedAt: T0 };

    const settled = await Promise.allSettled(
      records.map((record, index) =>
        store.finishRun(record.id, lease, { status: 'succeeded', finishedAt: T0 + 2, ...(index === 2 ? { steps: [bogus] } : {}) }),
      ),
    );

    expect(settled.map((result) => result.status)).toStrictEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    expect((settled[2] as PromiseRejectedResult).reason).toMatchObject({ code: '23514' }); // check_violation: the step's status
    expect(await store.getRun(records[2]!.id)).toMatchObject({ status: 'running', steps: [] });
    for (const index of [0, 1, 3]) expect(await store.getRun(records[index]!.id)).toMatchObject({ status: 'succeeded' });
  });
  it('should write the claims made in one turn in one statement, each claiming its own slot', async () => {
    const store = new PostgresRunStore(db);
    const taken = run('claims', T0);
    await store.createRun(taken, lease);
    const fresh = [run('claims', T0 + 1_000), run('claims', T0 + 2_000), run('claims', T0 + 3_000)];
    const again = run('claims', T0); // the slot of `taken`
    const twins = [run('claims', T0 + 4_000), run('claims', T0 + 4_000)]; // one slot, claimed twice in one go
    const manual = { ...run('claims', T0 + 5_000), trigger: 'manual' as const, input: '{"n":1}' };
    store.resetStats();

    const created = await Promise.all([...fresh, again, ...twins, manual].map((record) => store.createRun(record, { ...lease, ttlMs: 20_000 })));

    expect(created).toStrictEqual([true, true, true, false, true, false, true]);
    // All together but the second twin, which waits for a statement of its own.
    expect(store.stats().byOperation).toStrictEqual({ createRun: 2 });
    const [row] = await db.query<{ expires: number }>('read', `SELECT lease_expires_at - ${db.nowMs} AS expires FROM store.runs WHERE id = $1`, [fresh[1]!.id]);
    expect(row!.expires).toBe(20_000);
    expect(await store.getRun(manual.id)).toMatchObject({ trigger: 'manual', input: '{"n":1}', owner: 'engine-a', epoch: 1, status: 'running' });
    expect(await store.getRun(again.id)).toBeUndefined();
    expect((await store.listRuns('claims')).map((record) => record.id).sort()).toStrictEqual(
      [taken, ...fresh, twins[0]!, manual].map((record) => record.id).sort(),
    );
  });
  it("should write one run's end and other runs' claims made in one turn in one statement, each end fenced and each claim on its own slot", async () => {
    const store = new PostgresRunStore(db);
    const ending = run('mixed', T0);
    const staleEnding = run('mixed', T0 + 1_000);
    for (const record of [ending, staleEnding]) await store.createRun(record, lease);
    const next = run('mixed', T0 + 2_000);
    const taken = run('mixed', T0 + 1_000); // the slot of `staleEnding`
    const step = { name: 'only', status: 'succeeded' as const, attempts: 1, startedAt: T0, finishedAt: T0 + 1, output: '"done"' };
    store.resetStats();

    const settled = await Promise.allSettled([
      store.finishRun(ending.id, lease, { status: 'succeeded', finishedAt: T0 + 2, steps: [step] }),
      store.createRun(next, lease),
      store.finishRun(staleEnding.id, { ...lease, epoch: 2 }, { status: 'succeeded', finishedAt: T0 + 2 }),
      store.createRun(taken, lease),
    ]);

    expect(settled.map((result) => (result.status === 'fulfilled' ? result.value : result.reason.code))).toStrictEqual([
      undefined,
      true,
      'BATON_ERR_RUNS_STALE_EPOCH',
      false,
    ]);
    expect(store.stats().byOperation).toStrictEqual({ finishAndCreateRuns: 1, refusal: 1 });
    expect(await store.getRun(ending.id)).toMatchObject({ status: 'succeeded', steps: [{ name: 'only', output: '"done"' }] });
    expect(await store.getRun(staleEnding.id)).toMatchObject({ status: 'running', owner: 'engine-a', epoch: 1 });
    expect(await store.getRun(next.id)).toMatchObject({ status: 'running', owner: 'engine-a', epoch: 1 });
    expect(await store.getRun(taken.id)).toBeUndefined();
  });
  it("should write one run's end and another's claim made in one turn in one statement, the claim made when the end is refused", async () => {
    const store = new PostgresRunStore(db);
    const ending = run('pair', T0);
    const staleEnding = run('pair', T0 + 1_000);
    for (const record of [ending, staleEnding]) await store.createRun(record, lease);
    const [next, afterStale] = [run('pair', T0 + 2_000), run('pair', T0 + 3_000)];
    const step = { name: 'only', status: 'succeeded' as const, attempts: 1, startedAt: T0, finishedAt: T0 + 1, output: '"done"' };
    store.resetStats();

    await Promise.all([store.finishRun(ending.id, lease, { status: 'succeeded', finishedAt: T0 + 2, steps: [step] }), store.createRun(next, lease)]);
    const settled = await Promise.allSettled([
      store.finishRun(staleEnding.id, { ...lease, epoch: 2 }, { status: 'succeeded', finishedAt: T0 + 2, steps: [step] }),
      store.createRun(afterStale, lease),
    ]);

    expect(settled.map((result) => (result.status === 'fulfilled' ? result.value : result.reason.code))).toStrictEqual(['BATON_ERR_RUNS_STALE_EPOCH', true]);
    expect(store.stats().byOperation).toStrictEqual({ finishAndCreateRuns: 2, refusal: 1 });
    expect(await store.getRun(ending.id)).toMatchObject({ status: 'succeeded', steps: [{ name: 'only', output: '"done"' }] });
    expect(await store.getRun(staleEnding.id)).toMatchObject({ status: 'running', steps: [] });
    for (const record of [next, afterStale])
      expect(await store.getRun(record.id)).toMatchObject({ status: 'running', owner: 'engine-a', epoch: 1, trigger: 'schedule' });
  });
  it('should let two replicas claim the same slots in grouped claims, in opposite orders, each slot once', async () => {
    // Two stores on pools of their own: two replicas. Each claims the 20 slots in one go, in opposite orders.
    const other = new PostgresDatabase({ url: database.url, schema: 'store' });
    try {
      const replicas = [new PostgresRunStore(db), new PostgresRunStore(other)];
      const slots = Array.from({ length: 20 }, (_, slot) => T0 + slot * 1_000);
      for (const replica of replicas) replica.resetStats();

      // Each replica's claims (a slot of its own, then the shared ones) share one statement, and the two statements
      // go out at about the same time.
      const claimed = await Promise.all(
        replicas.map((replica, index) => {
          const owner = { ...lease, owner: `engine-${index}` };
          const own = replica.createRun(run(`two-replicas-${index}`, T0), owner);
          const shared = (index === 0 ? slots : [...slots].reverse()).map((slot) => replica.createRun(run('two-replicas', slot), owner));
          return Promise.all([own, ...shared]);
        }),
      );

      expect(claimed.map((results) => results[0])).toStrictEqual([true, true]);
      const wins = claimed.map((results) => results.slice(1).filter(Boolean).length);
      expect(wins[0]! + wins[1]!).toBe(20);
      // Each replica: its 21 claims in one statement (a group that failed, a deadlock for one, would have been
      // retried claim by claim).
      expect(replicas.map((replica) => replica.stats().byOperation)).toStrictEqual([{ createRun: 1 }, { createRun: 1 }]);
      expect(await db.query('read', `SELECT id FROM store.runs WHERE workflow = 'two-replicas'`)).toHaveLength(20);
    } finally {
      await other.close();
    }
  });
});

/** The step rows of a run, as the store wrote them. */
async function stepRowsOf(runId: string) {
  return db.query(
    'read',
    `SELECT kind, name, attempt, status, error, attempt_errors, output, started_at, finished_at FROM store.step_runs WHERE run_id = $1 ORDER BY kind DESC, name, attempt`,
    [runId],
  );
}

/** The texts of the ends' statements `store`'s database sends while `write` runs: whether each was the full one. */
async function endStatements(write: () => Promise<unknown>): Promise<('full' | 'lean')[]> {
  const query = vi.spyOn(db, 'query');
  try {
    await write();
    return query.mock.calls
      .filter(([operation]) => operation === 'finishRun' || operation === 'finishAndCreateRuns')
      .filter(([, text]) => text.includes('step_runs'))
      .map(([, text]) => (text.includes('earlier AS') ? 'full' : 'lean'));
  } finally {
    query.mockRestore();
  }
}

describe('the end of a fresh run', () => {
  const pay = (attempts: number, status: 'running' | 'succeeded', extra: Partial<StepRunRecord> = {}): StepRunRecord => ({
    name: 'pay',
    status,
    attempts,
    startedAt: T0,
    ...(status === 'succeeded' ? { finishedAt: T0 + 5, output: '"paid"' } : {}),
    ...extra,
  });
  const ship: StepRunRecord = { name: 'ship', status: 'succeeded', attempts: 1, startedAt: T0 + 6, finishedAt: T0 + 7, output: '"shipped"' };

  it('should take the lean statement alone and grouped, and leave the rows the full statement leaves', async () => {
    const claimer = new PostgresRunStore(db);
    // Another store (another process) that did not claim the runs: it ends them through the full statement.
    const other = new PostgresRunStore(db);
    const [lean, full, leanGrouped, fullGrouped] = [run('lean', T0), run('lean', T0 + 1_000), run('lean', T0 + 2_000), run('lean', T0 + 3_000)];
    for (const record of [lean, full, leanGrouped, fullGrouped]) {
      await claimer.createRun(record, lease);
      await claimer.recordStep(record.id, lease, pay(1, 'running'));
    }
    const outcome = { status: 'succeeded' as const, finishedAt: T0 + 8, outputSummary: 'ok', steps: [pay(1, 'succeeded'), ship] };

    expect(await endStatements(() => claimer.finishRun(lean.id, lease, outcome))).toStrictEqual(['lean']);
    expect(await endStatements(() => other.finishRun(full.id, lease, outcome))).toStrictEqual(['full']);
    const next = [run('lean-next', T0), run('lean-next', T0 + 1_000)];
    expect(
      await endStatements(() =>
        Promise.all([claimer.finishRun(leanGrouped.id, lease, outcome), claimer.createRun(next[0]!, lease)]).then(() =>
          Promise.all([other.finishRun(fullGrouped.id, lease, outcome), other.createRun(next[1]!, lease)]),
        ),
      ),
    ).toStrictEqual(['lean', 'full']);

    const expected = await stepRowsOf(full.id);
    expect(expected).toMatchObject([
      { kind: 'step', name: 'pay', attempt: 1, status: 'succeeded', output: '"paid"' },
      { kind: 'step', name: 'ship', attempt: 1, status: 'succeeded', output: '"shipped"' },
    ]);
    for (const record of [lean, leanGrouped, fullGrouped]) expect(await stepRowsOf(record.id)).toStrictEqual(expected);
    // The runs' records alike too, but for what tells them apart (their id and slot).
    const ended = async (runId: string) => {
      const { id: _id, scheduledAt: _slot, idempotencyKey: _key, ...rest } = (await claimer.getRun(runId))!;
      return rest;
    };
    const expectedRun = await ended(full.id);
    expect(expectedRun).toMatchObject({ status: 'succeeded', outputSummary: 'ok', finishedAt: T0 + 8 });
    for (const record of [lean, leanGrouped, fullGrouped]) expect(await ended(record.id)).toStrictEqual(expectedRun);
  });

  it('should end a run whose step was retried through the full statement, its earlier attempt failed', async () => {
    const store = new PostgresRunStore(db);
    const record = run('lean-retried', T0);
    await store.createRun(record, lease);
    await store.recordStep(record.id, lease, pay(1, 'running'));
    const error = { name: 'Error', message: 'declined' };

    const statements = await endStatements(() =>
      store.finishRun(record.id, lease, { status: 'succeeded', finishedAt: T0 + 8, steps: [pay(2, 'succeeded', { error, attemptErrors: [error] })] }),
    );

    expect(statements).toStrictEqual(['full']);
    expect(await stepRowsOf(record.id)).toMatchObject([
      { attempt: 1, status: 'failed', error },
      { attempt: 2, status: 'succeeded', output: '"paid"' },
    ]);
  });

  it('should end a run taken over through the full statement, the rows of its earlier execution deleted or failed', async () => {
    const store = new PostgresRunStore(db);
    const record = run('lean-recovered', T0);
    await store.createRun(record, lease);
    // The first execution got to the second attempt of `pay`, and wrote a compensation of `ship`.
    await store.recordStep(record.id, lease, pay(2, 'running'));
    await store.recordStep(record.id, lease, { ...ship, compensation: { status: 'succeeded', startedAt: T0 + 8, finishedAt: T0 + 9, attempts: 1 } });
    await clock.advance(lease.ttlMs + 1);
    const taken = await store.takeOver(record.id, { kind: 'recovered', owner: 'engine-b', ttlMs: 30_000, from: ['running'], epoch: 1 });
    expect(taken).toMatchObject({ epoch: 2, owner: 'engine-b' });
    const second = { owner: 'engine-b', epoch: 2, ttlMs: 30_000 };

    // The second execution ran `pay` once and `ship` with no compensation: a lean end would keep the old rows.
    const statements = await endStatements(() =>
      store.finishRun(record.id, second, { status: 'succeeded', finishedAt: T0 + 10, steps: [pay(1, 'succeeded'), ship] }),
    );

    expect(statements).toStrictEqual(['full']);
    expect(await stepRowsOf(record.id)).toMatchObject([
      { kind: 'step', name: 'pay', attempt: 1, status: 'succeeded' },
      { kind: 'step', name: 'ship', attempt: 1, status: 'succeeded' },
    ]);
  });

  it('should end a run with a compensation through the full statement', async () => {
    const store = new PostgresRunStore(db);
    const record = run('lean-compensated', T0);
    await store.createRun(record, lease);
    const compensation = { status: 'succeeded' as const, startedAt: T0 + 8, finishedAt: T0 + 9, attempts: 1 };

    const statements = await endStatements(() =>
      store.finishRun(record.id, lease, { status: 'compensated', finishedAt: T0 + 10, steps: [pay(1, 'succeeded', { compensation })] }),
    );

    expect(statements).toStrictEqual(['full']);
    expect(await stepRowsOf(record.id)).toMatchObject([
      { kind: 'step', name: 'pay', attempt: 1 },
      { kind: 'compensation', name: 'pay', attempt: 1, status: 'succeeded' },
    ]);
  });
});
