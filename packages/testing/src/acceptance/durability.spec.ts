// Acceptance, through createTestHost: what the durable run path promises a test author (issue 9 and issue 10's items
// 10, 12, 13 and 17).
import { BackgroundService, BatonError, BatonErrorCode, cron, defineWorkflow, token } from '@baton/core';
import { describe, expect, it } from 'vitest';
import { createTestHost } from '../createTestHost.js';

const start = Date.UTC(2026, 0, 5); // a Monday, 00:00 UTC

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

describe('durable runs on a test host', () => {
  it('should count every run of a week, past the store default of 100', async () => {
    const t = await createTestHost(
      (builder) =>
        builder.addWorkflow(
          defineWorkflow('quarterly')
            .schedule(cron('*/15 * * * *'))
            .step('a', () => 1),
        ),
      { start },
    );
    await t.advance('7d');
    expect((await t.runs('quarterly')).length).toBe(672);
    await t.stop();
  }, 30_000);

  it('should refuse a trigger once the host is stopping, with a code', async () => {
    let entered: () => void = () => {};
    const inStop = new Promise<void>((resolve) => (entered = resolve));
    let release: () => void = () => {};
    // Registered after the workflows, so it stops first (LIFO), after every service's stopping hook.
    const slow = { start: async () => {}, stop: () => (entered(), new Promise<void>((resolve) => (release = resolve))) };
    const t = await createTestHost(
      (builder) => {
        builder.addWorkflow(defineWorkflow('manual').step('a', () => 1));
        builder.addHostedService(slow, { name: 'slow' });
      },
      { start },
    );
    const workflows = t.workflows;
    const stopping = t.stop();
    await inStop;
    const error = await rejection(workflows.trigger('manual'));
    release();
    await stopping;
    expect(BatonError.is(error, BatonErrorCode.WorkflowNotReady)).toBe(true);
    expect((error as Error).message).toContain('stopping');
    expect(await t.runs('manual')).toStrictEqual([]);
  });

  it('should record a scoped disposer that throws as a warning on the run, which still succeeds', async () => {
    const Connection = token<{ [Symbol.asyncDispose](): Promise<void> }>('test/Connection');
    const t = await createTestHost(
      (builder) => {
        builder.services.addScoped(Connection, {
          useFactory: () => ({
            [Symbol.asyncDispose]: () => Promise.reject(new Error('socket already closed')),
          }),
        });
        builder.addWorkflow(
          defineWorkflow('uses-connection')
            .uses(Connection)
            .step('a', ({ get }) => void get(Connection)),
        );
      },
      { start },
    );
    const warnings: string[] = [];
    t.workflows.on('run.warning', ({ warning }) => warnings.push(warning.kind));
    const run = await t.workflows.trigger('uses-connection');
    const stored = await t.workflows.run(run.id);
    await t.stop();
    expect([run.status, stored?.status]).toStrictEqual(['succeeded', 'succeeded']);
    expect(stored?.warnings?.map((warning) => [warning.kind, warning.error.code])).toStrictEqual([['scope-dispose-failed', BatonErrorCode.DiDisposeFailed]]);
    expect(warnings).toStrictEqual(['scope-dispose-failed']);
  });

  it('should find an unbound .uses token before any hosted service starts', async () => {
    const Missing = token<unknown>('test/Missing');
    const started: string[] = [];
    class Early extends BackgroundService {
      protected async execute(): Promise<void> {
        started.push('early');
      }
    }
    const error = await rejection(
      createTestHost((builder) => {
        builder.addHostedService(Early);
        builder.addWorkflow(
          defineWorkflow('needs-missing')
            .uses(Missing)
            .step('a', () => 1),
        );
      }),
    );
    expect(BatonError.is(error, BatonErrorCode.DiMissingBinding)).toBe(true);
    expect((error as Error).message).toContain("Workflow 'needs-missing' uses 'test/Missing'");
    expect(started).toStrictEqual([]);
  });
});
