import type { RunError, RunOutcome, RunRecord, StepRunRecord, TakeOver } from '@baton/core';
import type { CaseDefinition } from './CaseDefinition.js';
import { Check } from './Check.js';
import { TTL_MS, WORKFLOW, type ConformanceContext } from './ConformanceContext.js';

/**
 * Tries to change every field of `value`, all the way down: numbers, strings and booleans, array contents, added
 * keys. A frozen object refuses (a TypeError in strict mode), which is fine: what matters is that the store is unchanged.
 */
function tamper(value: unknown): void {
  if (typeof value !== 'object' || value === null) return;
  const fields = value as Record<string, unknown>;
  for (const key of Object.keys(fields)) {
    const field = fields[key];
    if (typeof field === 'object' && field !== null) tamper(field);
    else attempt(() => (fields[key] = typeof field === 'number' ? field + 1 : typeof field === 'string' ? `${field}!` : !field));
  }
  if (Array.isArray(value)) attempt(() => value.push(structuredClone(value[0] ?? {})));
  attempt(() => (fields.tampered = true));
}

function attempt(change: () => unknown): void {
  try {
    change();
  } catch (error) {
    if (!(error instanceof TypeError)) throw error;
  }
}

/** Checks that tampering with `value` (something the store returned, or was given) leaves run `id` as it was. */
async function tamperWith(t: ConformanceContext, id: string, value: unknown, what: string): Promise<void> {
  await t.unchanged(id, async () => tamper(value), `Changing ${what}`);
}

const failure = (): RunError => ({ name: 'Error', message: 'socket hang up', code: 'ECONNRESET', stack: 'Error: socket hang up\n    at read (app.js:1:1)' });

/** A running run with a finished step (errors, compensation) and a running one; its record as the store should hold it. */
async function runWithSteps(t: ConformanceContext): Promise<RunRecord> {
  const run = t.run({ input: '{"a":1}', inputSummary: '{"a":1}' });
  await t.create(run);
  const step: StepRunRecord = {
    ...t.step('fetch', { status: 'succeeded', attempts: 2, finishedAt: t.clock.now(), output: '"ok"', outputSummary: '"ok"' }),
    error: failure(),
    attemptErrors: [failure()],
    compensation: { status: 'failed', startedAt: t.clock.now(), finishedAt: t.clock.now(), attempts: 1, error: failure() },
  };
  await t.recordStep(run.id, t.lease(), step);
  await t.recordStep(run.id, t.lease(), t.step('store'));
  return t.read(run.id);
}

/** Copies: a store shares no object with its callers, either way. */
export const copyCases: readonly CaseDefinition[] = [
  {
    name: 'copies: changing what was passed to the store changes nothing in it',
    async run(t) {
      // What is passed in is tampered with right after each call, so each call below builds its arguments afresh.
      const run = t.run({ input: '{"a":1}' });
      const { id } = run;
      const lease = t.lease();
      await t.create(run, lease);
      await tamperWith(t, id, run, 'the record passed to createRun');
      await tamperWith(t, id, lease, 'the lease passed to createRun');

      const step: StepRunRecord = {
        ...t.step('fetch', { status: 'failed', finishedAt: t.clock.now() }),
        error: failure(),
        attemptErrors: [failure(), failure()],
        compensation: { status: 'running', startedAt: t.clock.now() },
      };
      await t.recordStep(id, t.lease(), step);
      await tamperWith(t, id, step, 'the step passed to recordStep');

      const outcome: RunOutcome = {
        status: 'failed',
        finishedAt: t.clock.now(),
        error: failure(),
        outputSummary: 'partial',
        warnings: [{ kind: 'scope-dispose-failed', at: t.clock.now(), error: failure() }],
        steps: [{ ...t.step('ship', { status: 'failed', finishedAt: t.clock.now() }), error: failure(), attemptErrors: [failure()] }],
      };
      await t.finishRun(id, t.lease(), outcome);
      await tamperWith(t, id, outcome, 'the outcome passed to finishRun');

      const takeOver: TakeOver = { kind: 'retried', owner: 'engine-b', ttlMs: TTL_MS, from: ['failed'], epoch: 1 };
      await t.takeOver(id, takeOver);
      await tamperWith(t, id, takeOver, 'the takeover passed to takeOver');
      const renewals = [{ id, epoch: 2 }];
      Check.same(await t.store.renewLeases('engine-b', TTL_MS, renewals), [], 'renewLeases by the new owner');
      await tamperWith(t, id, renewals, 'the runs passed to renewLeases');

      const skipped = t.skipped({ warnings: [{ kind: 'scope-dispose-failed', at: t.clock.now(), error: failure() }] });
      const skippedId = skipped.id;
      await t.create(skipped);
      await tamperWith(t, skippedId, skipped, 'the skipped record passed to createRun');
    },
  },
  {
    name: 'copies: changing a record read from the store changes nothing in it',
    async run(t) {
      const { id } = await runWithSteps(t);
      await t.finishRun(id, t.lease(), {
        status: 'failed',
        finishedAt: t.clock.now(),
        error: failure(),
        warnings: [{ kind: 'scope-dispose-failed', at: t.clock.now(), error: failure() }],
      });
      await tamperWith(
        t,
        id,
        await t.takeOver(id, { kind: 'retried', owner: 'engine-b', ttlMs: TTL_MS, from: ['failed'], epoch: 1 }),
        'the record takeOver resolved',
      );

      await tamperWith(t, id, await t.store.getRun(id), 'the record getRun resolved');
      await tamperWith(t, id, await t.store.getRun(id), 'the record a second getRun resolved');
      await tamperWith(t, id, await t.store.listRuns(WORKFLOW), 'the records listRuns resolved');
      await tamperWith(t, id, await t.store.lastRun(WORKFLOW), 'the record lastRun resolved');
      await tamperWith(t, id, await t.store.queryRuns({ workflow: WORKFLOW }), 'the page queryRuns resolved');
      await t.advance(TTL_MS + 1);
      await tamperWith(t, id, await t.store.expiredRuns(10), 'the records expiredRuns resolved');
      Check.that((await t.store.expiredRuns(10)).length === 1, 'expiredRuns still lists the run');
    },
  },
];
