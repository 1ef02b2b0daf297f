import type { RunError, StepRunRecord } from '@baton/core';
import type { CaseDefinition } from './CaseDefinition.js';
import { Check } from './Check.js';

/** Steps: one record per step name, replaced in place by each later write of it. */
export const stepCases: readonly CaseDefinition[] = [
  {
    name: 'steps: recordStep inserts a step by name, replaces it in place, and keeps its errors and compensation',
    async run(t) {
      const run = t.run();
      await t.create(run);
      const lease = t.lease();
      const timeout: RunError = {
        name: 'BatonError',
        message: 'Step timed out',
        code: 'BATON_ERR_WORKFLOW_STEP_TIMEOUT',
        stack: 'BatonError: Step timed out\n    at fetch (app.js:1:1)',
      };
      const reset: RunError = { name: 'Error', message: 'socket hang up', code: 'ECONNRESET' };
      const start = t.clock.now();

      await t.recordStep(run.id, lease, t.step('fetch', { startedAt: start }));
      await t.recordStep(run.id, lease, t.step('notify.email', { group: 'notify', startedAt: start + 1 }));
      await t.recordStep(run.id, lease, t.step('notify.sms', { group: 'notify', startedAt: start + 1 }));
      await t.recordStep(run.id, lease, t.step('fetch', { attempts: 2, startedAt: start, error: timeout, attemptErrors: [timeout] }));
      const fetched: StepRunRecord = {
        name: 'fetch',
        status: 'succeeded',
        attempts: 3,
        startedAt: start,
        finishedAt: start + 5,
        error: reset,
        attemptErrors: [timeout, reset],
        output: '{"rows":2}',
        outputSummary: '{"rows":2}',
      };
      await t.recordStep(run.id, lease, fetched);
      const sms: StepRunRecord = {
        name: 'notify.sms',
        group: 'notify',
        status: 'failed',
        attempts: 1,
        startedAt: start + 1,
        finishedAt: start + 6,
        error: reset,
        attemptErrors: [reset],
      };
      await t.recordStep(run.id, lease, sms);
      const compensated: StepRunRecord = {
        ...fetched,
        compensation: { status: 'failed', startedAt: start + 7, finishedAt: start + 8, attempts: 2, error: timeout },
      };
      await t.recordStep(run.id, lease, compensated);

      Check.same(
        (await t.read(run.id)).steps,
        [compensated, t.step('notify.email', { group: 'notify', startedAt: start + 1 }), sms],
        'the steps: the latest record of each, in the order they were first recorded',
      );
    },
  },
  {
    name: "steps: finishRun writes outcome.steps with the run's end, as recordStep would",
    async run(t) {
      const run = t.run();
      await t.create(run);
      const lease = t.lease();
      const start = t.clock.now();
      await t.recordStep(run.id, lease, t.step('fetch', { startedAt: start }));
      await t.recordStep(run.id, lease, t.step('notify', { startedAt: start }));
      const fetched: StepRunRecord = { name: 'fetch', status: 'succeeded', attempts: 1, startedAt: start, finishedAt: start + 1, output: '{"rows":2}' };
      const shipped: StepRunRecord = {
        name: 'ship',
        status: 'succeeded',
        attempts: 1,
        startedAt: start + 1,
        finishedAt: start + 2,
        output: '"sent"',
        outputSummary: '"sent"',
      };

      await t.finishRun(run.id, lease, { status: 'succeeded', finishedAt: start + 3, outputSummary: '"sent"', steps: [fetched, shipped] });

      const stored = await t.read(run.id);
      Check.same(
        { status: stored.status, finishedAt: stored.finishedAt, owner: stored.owner, leaseExpiresAt: stored.leaseExpiresAt },
        { status: 'succeeded', finishedAt: start + 3, owner: undefined, leaseExpiresAt: undefined },
        'the run after finishRun with steps',
      );
      Check.same(
        stored.steps,
        [fetched, t.step('notify', { startedAt: start }), shipped],
        'the steps after finishRun with steps: each replaced in place or appended, in the order they were first recorded',
      );
    },
  },
];
