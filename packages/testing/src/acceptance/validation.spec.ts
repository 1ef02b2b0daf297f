// Acceptance: bad input fails at definition or registration with a BatonError and its code, never at the first tick.
import { BatonError, BatonErrorCode, cron, defineWorkflow, every, token } from '@baton/core';
import type { Duration, RetryOptions } from '@baton/core';
import { describe, expect, it } from 'vitest';
import { createTestHost } from '../createTestHost.js';

/** The BatonError code `action` throws (or rejects with); a non-BatonError or no error fails the assertion. */
async function codeOf(action: () => unknown): Promise<string> {
  try {
    await action();
  } catch (error) {
    return BatonError.is(error) ? error.code : `not a BatonError: ${String(error)}`;
  }
  return 'did not throw';
}

async function expectCode(action: () => unknown, code: BatonErrorCode): Promise<void> {
  const actual = await codeOf(action);
  expect(actual).toBe(code);
  // BatonError.is with the code agrees.
  let thrown: unknown;
  try {
    await action();
  } catch (error) {
    thrown = error;
  }
  expect(BatonError.is(thrown, code)).toBe(true);
}

const noop = (): void => {};

describe(defineWorkflow, () => {
  describe('when a cron expression is invalid', () => {
    it.each(['61 * * * *', '* * *', '', '0 0 30 2 *', 'every day', '*/0 * * * *'])(
      'should throw BATON_ERR_SCHEDULE_INVALID_CRON for %j',
      async (expression) => {
        await expectCode(() => defineWorkflow('w').schedule(cron(expression)), BatonErrorCode.ScheduleInvalidCron);
      },
    );
  });

  describe('when a time zone is unknown', () => {
    it.each(['Mars/Olympus_Mons', 'Europe/Berlinn', 'CEST+2'])('should throw BATON_ERR_SCHEDULE_INVALID_TIMEZONE for %j', async (timeZone) => {
      await expectCode(() => cron('0 * * * *', { timeZone }), BatonErrorCode.ScheduleInvalidTimeZone);
    });
  });

  describe('when an interval is not a positive duration', () => {
    it.each<[string, unknown]>([
      ['0', 0],
      ["'0s'", '0s'],
      ['negative', -1_000],
      ["'-5m'", '-5m'],
      ['NaN', Number.NaN],
      ['Infinity', Number.POSITIVE_INFINITY],
      ['a fraction of a millisecond', 0.5],
      ['an unknown unit', '5 fortnights'],
      ['an unknown unit suffix', '10x'],
    ])('should throw BATON_ERR_SCHEDULE_INVALID_INTERVAL for %s', async (_, interval) => {
      await expectCode(() => every(interval as Duration), BatonErrorCode.ScheduleInvalidInterval);
    });
  });

  describe('when jitter is not smaller than the period', () => {
    it.each<[string, () => unknown]>([
      ['every 1m with jitter 2m', () => every('1m', { jitter: '2m' })],
      ['every 1m with jitter 1m', () => every('1m', { jitter: '1m' })],
      ['*/15 with jitter 20m', () => cron('*/15 * * * *', { jitter: '20m' })],
      ['@daily with jitter 1d', () => cron('@daily', { jitter: '1d' })],
    ])('should throw BATON_ERR_SCHEDULE_INVALID_OPTIONS for %s', async (_, action) => {
      await expectCode(action, BatonErrorCode.ScheduleInvalidOptions);
    });
  });

  describe('when a step name is used twice', () => {
    it.each<[string, () => unknown]>([
      ['two steps', () => defineWorkflow('w').step('a', noop).step('a', noop)],
      ['a step and a parallel group', () => defineWorkflow('w').step('a', noop).parallel('a', { x: noop })],
    ])('should throw BATON_ERR_WORKFLOW_DUPLICATE_STEP for %s', async (_, action) => {
      await expectCode(action, BatonErrorCode.WorkflowDuplicateStep);
    });
  });

  describe('when retry attempts are below 1 or not whole', () => {
    it.each([0, -1, 0.5, Number.NaN])('should throw BATON_ERR_WORKFLOW_INVALID_RETRY for attempts %s', async (attempts) => {
      await expectCode(() => defineWorkflow('w').step('a', noop, { retry: { attempts } as RetryOptions }), BatonErrorCode.WorkflowInvalidRetry);
    });
  });

  describe('when a step is not a function', () => {
    it.each<[string, unknown]>([
      ['a string', 'reserve'],
      ['undefined', undefined],
      ['an object', { run: noop }],
      ['a promise', Promise.resolve(1)],
    ])('should throw BATON_ERR_WORKFLOW_INVALID_STEP for %s', async (_, step) => {
      await expectCode(() => defineWorkflow('w').step('a', step as () => void), BatonErrorCode.WorkflowInvalidStep);
    });

    it('should throw BATON_ERR_WORKFLOW_INVALID_STEP for a parallel member', async () => {
      await expectCode(() => defineWorkflow('w').parallel('both', { a: noop, b: 42 as unknown as () => void }), BatonErrorCode.WorkflowInvalidStep);
    });
  });
});

describe(createTestHost, () => {
  describe('when two workflows share a name', () => {
    it('should fail the registration with BATON_ERR_WORKFLOW_DUPLICATE before anything starts', async () => {
      let ran = false;
      const first = defineWorkflow('sync')
        .schedule(every('1m'))
        .step('a', () => void (ran = true));
      const second = defineWorkflow('sync').step('b', noop);

      await expectCode(
        () =>
          createTestHost((builder) => {
            builder.addWorkflow(first);
            builder.addWorkflow(second);
          }),
        BatonErrorCode.WorkflowDuplicate,
      );
      expect(ran).toBe(false);
    });
  });

  describe('when a workflow has no steps', () => {
    it('should fail the registration with BATON_ERR_WORKFLOW_EMPTY', async () => {
      await expectCode(() => createTestHost((builder) => builder.addWorkflow(defineWorkflow('empty'))), BatonErrorCode.WorkflowEmpty);
    });
  });

  describe('when a service a workflow uses needs a service that has no binding', () => {
    it('should fail the start with BATON_ERR_DI_MISSING_BINDING naming the chain from the workflow', async () => {
      const Mid = token<object>('acceptance/Mid');
      const Leaf = token<object>('acceptance/Leaf');
      const Missing = token<object>('acceptance/Missing');
      const workflow = defineWorkflow('restock').uses(Mid).step('a', noop);

      const error = await createTestHost((builder) => {
        builder.services.addScoped(Mid, { useFactory: () => ({}), deps: [Leaf] }).addScoped(Leaf, { useFactory: () => ({}), deps: [Missing] });
        builder.addWorkflow(workflow);
      }).catch((thrown: unknown) => thrown);

      expect(BatonError.is(error, BatonErrorCode.DiMissingBinding)).toBe(true);
      expect((error as Error).message).toContain("'acceptance/Missing' (needed by workflow 'restock' → acceptance/Mid → acceptance/Leaf → acceptance/Missing)");
    });
  });

  describe('when a workflow is registered after the host started', () => {
    it('should throw BATON_ERR_HOST_REGISTRATION_CLOSED', async () => {
      const t = await createTestHost((builder) => builder.addWorkflow(defineWorkflow('early').step('a', noop)));
      const code = await codeOf(() => t.host.addWorkflow(defineWorkflow('late').step('a', noop)));
      await t.stop();

      expect(code).toBe(BatonErrorCode.HostRegistrationClosed);
    });
  });
});
