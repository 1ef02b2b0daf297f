import { afterEach, describe, expect, expectTypeOf, it } from 'vitest';
import { token } from '../DependencyInjection/Token.js';
import { BatonErrorCode } from '../Errors/BatonErrorCode.js';
import type { RunRecord } from '../Runs/RunRecord.js';
import { addWorkflow } from './addWorkflow.js';
import { defineWorkflow } from './defineWorkflow.js';
import type { Harness } from './fakes/createHarness.js';
import { createHarness } from './fakes/createHarness.js';
import type { Workflow } from './Workflow.js';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.stop();
  harness = undefined;
});

async function start(...workflows: Workflow<unknown, unknown>[]): Promise<Harness> {
  harness = await createHarness((builder) => {
    for (const workflow of workflows) addWorkflow(builder, workflow);
  });
  return harness;
}

/** Triggers and advances the clock in `stepMs` increments until the run ends. */
async function runToEnd(h: Harness, name: string, input?: unknown, stepMs = 1000, maxSteps = 1000): Promise<RunRecord> {
  let result: RunRecord | undefined;
  let failure: unknown;
  h.workflows.trigger(name, input).then(
    (run) => (result = run),
    (error: unknown) => (failure = error),
  );
  for (let i = 0; i < maxSteps && result === undefined && failure === undefined; i++) await h.clock.advance(i === 0 ? 0 : stepMs);
  if (failure !== undefined) throw failure;
  if (result === undefined) throw new Error('run did not finish');
  return result;
}

describe('WorkflowRun', () => {
  describe('when steps run in sequence', () => {
    it('should hand each step the previous output, typed, and record every step', async () => {
      const workflow = defineWorkflow<{ sku: string }>('seq')
        .step('load', ({ input }) => ({ sku: input.sku, qty: 3 }))
        .step('double', async ({ input }) => input.qty * 2)
        .step('label', ({ input, run }) => `${run.workflow}:${input}`);
      expectTypeOf(workflow).toEqualTypeOf<Workflow<{ sku: string }, string>>();
      const h = await start(workflow);

      const run = await runToEnd(h, 'seq', { sku: 'A-1' });

      expect(run.status).toBe('succeeded');
      expect(run.outputSummary).toBe('"seq:6"');
      expect(run.inputSummary).toBe('{"sku":"A-1"}');
      expect(run.steps.map((step) => [step.name, step.status, step.attempts, step.outputSummary])).toStrictEqual([
        ['load', 'succeeded', 1, '{"sku":"A-1","qty":3}'],
        ['double', 'succeeded', 1, '6'],
        ['label', 'succeeded', 1, '"seq:6"'],
      ]);
      expect(await h.store.getRun(run.id)).toStrictEqual(run);
    });

    it('should give each step run info with a manual idempotency key and a logger bound to the step', async () => {
      let seen: unknown;
      const h = await start(
        defineWorkflow('info').step('only', ({ run, log }) => {
          log.info('hello');
          seen = run;
        }),
      );
      const run = await runToEnd(h, 'info');
      expect(seen).toStrictEqual({
        id: run.id,
        workflow: 'info',
        attempt: 1,
        scheduledAt: run.scheduledAt,
        trigger: 'manual',
        idempotencyKey: `info@manual:${run.id}`,
      });
      expect(h.logs.find((entry) => entry.message === 'hello')?.fields).toMatchObject({ workflow: 'info', runId: run.id, step: 'only' });
    });
  });

  describe('when a parallel group runs', () => {
    it('should run the members together and output them by key', async () => {
      const order: string[] = [];
      const workflow = defineWorkflow('par')
        .step('seed', () => 10)
        .parallel('fan', {
          a: async ({ input }) => {
            order.push('a:start');
            return input + 1;
          },
          b: async ({ input }) => {
            order.push('b:start');
            return `${input}`;
          },
        })
        .step('join', ({ input }) => `${input.a}/${input.b}`);
      expectTypeOf(workflow).toEqualTypeOf<Workflow<undefined, string>>();
      const h = await start(workflow);

      const run = await runToEnd(h, 'par');

      expect(run.status).toBe('succeeded');
      expect(run.outputSummary).toBe('"11/10"');
      expect(run.steps.map((step) => [step.name, step.group])).toStrictEqual([
        ['seed', undefined],
        ['fan.a', 'fan'],
        ['fan.b', 'fan'],
        ['join', undefined],
      ]);
      expect(order).toStrictEqual(['a:start', 'b:start']);
    });

    it('should abort the siblings and fail the group when a member fails for good', async () => {
      let siblingAborted = false;
      const h = await start(
        defineWorkflow('par-fail').parallel('fan', {
          slow: ({ signal }) =>
            new Promise((resolve) => {
              signal.addEventListener('abort', () => {
                siblingAborted = true;
                resolve('late');
              });
            }),
          bad: async () => {
            throw new Error('boom');
          },
        }),
      );
      const run = await runToEnd(h, 'par-fail');
      expect(run.status).toBe('failed');
      expect(run.error?.message).toBe('boom');
      expect(siblingAborted).toBe(true);
      // Recorded as they end: the failing member first, then the sibling it aborted.
      expect(run.steps.map((step) => [step.name, step.status])).toStrictEqual([
        ['fan.bad', 'failed'],
        ['fan.slow', 'cancelled'],
      ]);
    });
  });

  describe('when a step is retried', () => {
    it('should wait exactly the fixed delay between attempts on the clock', async () => {
      const attempts: number[] = [];
      let h!: Harness;
      const workflow = defineWorkflow('fixed').step(
        'flaky',
        ({ run }) => {
          attempts.push(h.clock.now());
          if (run.attempt < 4) throw new Error(`attempt ${run.attempt}`);
          return 'ok';
        },
        { retry: { attempts: 4, backoff: 'fixed', delay: '2s', jitter: 0 } },
      );
      h = await start(workflow);
      const t0 = h.clock.now();
      const run = await runToEnd(h, 'fixed', undefined, 100);
      expect(run.status).toBe('succeeded');
      expect(run.steps[0]?.attempts).toBe(4);
      expect(attempts.map((time) => time - t0)).toStrictEqual([0, 2000, 4000, 6000]);
    });

    it('should double the delay for exponential backoff, capped at maxDelay', async () => {
      const attempts: number[] = [];
      const retried: number[] = [];
      let h!: Harness;
      const workflow = defineWorkflow('expo').step(
        'flaky',
        () => {
          attempts.push(h.clock.now());
          throw new Error('always');
        },
        { retry: { attempts: 5, backoff: 'exponential', delay: 1000, maxDelay: '5s', jitter: 0 } },
      );
      h = await start(workflow);
      h.workflows.on('step.retried', ({ delayMs }) => retried.push(delayMs));
      const t0 = h.clock.now();
      const run = await runToEnd(h, 'expo', undefined, 100);
      expect(run.status).toBe('failed');
      expect(retried).toStrictEqual([1000, 2000, 4000, 5000]);
      expect(attempts.map((time) => time - t0)).toStrictEqual([0, 1000, 3000, 7000, 12000]);
      expect(run.steps[0]).toMatchObject({ status: 'failed', attempts: 5, error: { message: 'always' } });
    });

    it('should take a Duration backoff as a fixed delay and stop when retryIf says no', async () => {
      let calls = 0;
      let h!: Harness;
      const times: number[] = [];
      h = await start(
        defineWorkflow('retry-if').step(
          'flaky',
          () => {
            calls++;
            times.push(h.clock.now());
            throw new Error(calls < 2 ? 'transient' : 'fatal');
          },
          { retry: { attempts: 5, backoff: '3s', retryIf: (error) => error.message === 'transient' } },
        ),
      );
      const t0 = h.clock.now();
      const run = await runToEnd(h, 'retry-if', undefined, 500);
      expect(calls).toBe(2);
      expect(times.map((time) => time - t0)).toStrictEqual([0, 3000]);
      expect(run.error?.message).toBe('fatal');
    });
  });

  describe('when a step fails for good after others completed', () => {
    it('should compensate the completed steps in reverse order and end compensated', async () => {
      const undone: string[] = [];
      const h = await start(
        defineWorkflow('saga')
          .step('reserve', () => 'r-1', { compensate: (_ctx, output) => void undone.push(`reserve:${output}`) })
          .step('noUndo', () => 2)
          .step('charge', ({ input }) => ({ charged: input }), { compensate: (ctx, output) => void undone.push(`charge:${output.charged}:${ctx.input}`) })
          .step('ship', () => {
            throw new Error('no courier');
          }),
      );
      const run = await runToEnd(h, 'saga');
      expect(run.status).toBe('compensated');
      expect(run.error?.message).toBe('no courier');
      expect(undone).toStrictEqual(['charge:2:2', 'reserve:r-1']);
      expect(run.steps.map((step) => [step.name, step.status, step.compensation?.status])).toStrictEqual([
        ['reserve', 'succeeded', 'succeeded'],
        ['noUndo', 'succeeded', undefined],
        ['charge', 'succeeded', 'succeeded'],
        ['ship', 'failed', undefined],
      ]);
    });

    it('should run every compensation even when one throws, and end compensation_failed', async () => {
      const undone: string[] = [];
      const h = await start(
        defineWorkflow('saga-bad')
          .step('a', () => 1, { compensate: () => void undone.push('a') })
          .step('b', () => 2, {
            compensate: () => {
              throw new Error('cannot undo b');
            },
          })
          .step('c', () => {
            throw new Error('c failed');
          }),
      );
      const run = await runToEnd(h, 'saga-bad');
      expect(run.status).toBe('compensation_failed');
      expect(undone).toStrictEqual(['a']);
      expect(run.steps[1]?.compensation).toMatchObject({ status: 'failed', error: { message: 'cannot undo b' } });
      expect(run.error?.message).toBe('c failed');
    });

    it('should retry a compensation on its compensateRetry policy, with delays on the clock, and record the attempts', async () => {
      const tries: number[] = [];
      const h = await start(
        defineWorkflow('saga-retry')
          .step('reserve', () => 'r-1', {
            compensate: () => {
              tries.push(h.clock.now());
              if (tries.length < 3) throw new Error('undo unavailable');
            },
            compensateRetry: { attempts: 4, backoff: 'exponential', delay: '2s' },
          })
          .step('charge', () => {
            throw new Error('declined');
          }),
      );
      const run = await runToEnd(h, 'saga-retry', undefined, 500);
      expect(run.status).toBe('compensated');
      // Attempts 1, 2, 3: 2 s after the first failure, then 4 s after the second.
      expect(tries.map((at) => at - tries[0]!)).toStrictEqual([0, 2000, 6000]);
      expect(run.steps[0]?.compensation).toMatchObject({ status: 'succeeded', attempts: 3 });
    });

    it('should give up a compensation after its attempts, or at once when retryIf says no, and end compensation_failed', async () => {
      let tries = 0;
      const h = await start(
        defineWorkflow('saga-give-up')
          .step('a', () => 1, {
            compensate: () => {
              tries++;
              throw Object.assign(new Error('gone'), { permanent: tries >= 2 });
            },
            compensateRetry: { attempts: 5, backoff: 'fixed', delay: '1s', retryIf: (error) => !(error as { permanent?: boolean }).permanent },
          })
          .step('b', () => {
            throw new Error('b failed');
          }),
      );
      const run = await runToEnd(h, 'saga-give-up');
      expect(run.status).toBe('compensation_failed');
      expect(tries).toBe(2);
      expect(run.steps[0]?.compensation).toMatchObject({ status: 'failed', attempts: 2, error: { message: 'gone' } });
    });

    it('should end failed when no completed step has a compensation', async () => {
      const h = await start(
        defineWorkflow('plain')
          .step('a', () => 1)
          .step('b', () => Promise.reject(new TypeError('bad'))),
      );
      const run = await runToEnd(h, 'plain');
      expect(run.status).toBe('failed');
      expect(run.error).toMatchObject({ name: 'TypeError', message: 'bad' });
    });
  });

  describe('when a step throws a non-Error', () => {
    it('should record a readable message', async () => {
      const h = await start(
        defineWorkflow('weird').step('a', () => {
          throw { reason: 'quota', left: 0 };
        }),
      );
      const run = await runToEnd(h, 'weird');
      expect(run.error?.message).toBe('Non-Error value thrown: {"reason":"quota","left":0}');
      expect(run.steps[0]?.error?.message).toBe('Non-Error value thrown: {"reason":"quota","left":0}');
      const h2 = await createHarness((builder) =>
        addWorkflow(
          builder,
          defineWorkflow('str').step('a', () => Promise.reject('plain text')),
        ),
      );
      expect((await runToEnd(h2, 'str')).error?.message).toBe('Non-Error value thrown: plain text');
      await h2.stop();
    });
  });

  describe('when a step hangs past its timeout', () => {
    it('should abort the step signal, abandon it and record timed_out with the step timeout code', async () => {
      let aborted: unknown;
      const h = await start(
        defineWorkflow('hung').step(
          'stuck',
          ({ signal }) =>
            new Promise(() => {
              signal.addEventListener('abort', () => (aborted = signal.reason));
            }),
          { timeout: '5s' },
        ),
      );
      const t0 = h.clock.now();
      const run = await runToEnd(h, 'hung', undefined, 1000);
      expect(run.finishedAt! - t0).toBe(5000);
      expect(run.status).toBe('failed');
      expect(run.error?.code).toBe(BatonErrorCode.WorkflowStepTimeout);
      expect(run.steps[0]).toMatchObject({ status: 'timed_out', error: { code: BatonErrorCode.WorkflowStepTimeout } });
      expect(aborted).toBeInstanceOf(Error);
    });

    it('should abandon a step that ignores its signal and retry it', async () => {
      let calls = 0;
      const h = await start(
        defineWorkflow('hung-retry').step(
          'stuck',
          () => {
            calls++;
            return calls === 1 ? new Promise(() => {}) : 'second time lucky';
          },
          { timeout: 1000, retry: { attempts: 2, backoff: 'fixed', delay: 500 } },
        ),
      );
      const run = await runToEnd(h, 'hung-retry', undefined, 250);
      expect(run.status).toBe('succeeded');
      expect(run.steps[0]?.attempts).toBe(2);
    });
  });

  describe('when a run exceeds the workflow timeout', () => {
    it('should abort the run signal and end timed_out without compensating', async () => {
      const undone: string[] = [];
      const h = await start(
        defineWorkflow('slow')
          .options({ timeout: '10s' })
          .step('a', () => 1, { compensate: () => void undone.push('a') })
          .step('b', ({ signal }) => new Promise((resolve) => signal.addEventListener('abort', () => resolve('stopped')))),
      );
      const t0 = h.clock.now();
      const run = await runToEnd(h, 'slow', undefined, 1000);
      expect(run.status).toBe('timed_out');
      expect(run.finishedAt! - t0).toBe(10_000);
      expect(run.error?.code).toBe(BatonErrorCode.WorkflowRunTimeout);
      expect(run.steps[1]?.status).toBe('cancelled');
      expect(undone).toStrictEqual([]);
    });

    it('should compensate on timeout when compensateOnAbort is set', async () => {
      const undone: string[] = [];
      const h = await start(
        defineWorkflow('slow-comp')
          .options({ timeout: '10s', compensateOnAbort: true })
          .step('a', () => 1, { compensate: () => void undone.push('a') })
          .step('b', () => new Promise(() => {})),
      );
      const run = await runToEnd(h, 'slow-comp', undefined, 1000);
      expect(run.status).toBe('timed_out');
      expect(undone).toStrictEqual(['a']);
    });
  });

  describe('when the run uses a scoped disposable service', () => {
    const Conn = token<{ id: number; disposed: boolean; [Symbol.asyncDispose](): Promise<void> }>('test/Conn');

    const outcomes: [string, () => unknown][] = [
      ['succeeded', () => 'ok'],
      ['failed', () => Promise.reject(new Error('x'))],
      [
        'failed',
        () => {
          throw 'not an error';
        },
      ],
    ];
    it.each(outcomes)('should dispose the run scope when the run %s', async (status, last) => {
      const made: { disposed: boolean }[] = [];
      let nextId = 0;
      harness = await createHarness((builder) => {
        builder.services.addScoped(Conn, {
          useFactory: () => {
            const conn = {
              id: ++nextId,
              disposed: false,
              async [Symbol.asyncDispose]() {
                conn.disposed = true;
              },
            };
            made.push(conn);
            return conn;
          },
        });
        addWorkflow(
          builder,
          defineWorkflow('scoped')
            .uses(Conn)
            .step('a', ({ get }) => get(Conn).id)
            .step('b', ({ get, input }) => {
              expect(get(Conn).id).toBe(input);
            })
            .step('c', last),
        );
      });
      const first = await runToEnd(harness, 'scoped');
      const second = await runToEnd(harness, 'scoped');
      expect([first.status, second.status]).toStrictEqual([status, status]);
      expect(made.map((conn) => conn.disposed)).toStrictEqual([true, true]);
    });

    it('should dispose the scope of a timed-out run whose step hangs', async () => {
      const made: { disposed: boolean }[] = [];
      harness = await createHarness((builder) => {
        builder.services.addScoped(Conn, {
          useFactory: () => {
            const conn = {
              id: 1,
              disposed: false,
              async [Symbol.asyncDispose]() {
                conn.disposed = true;
              },
            };
            made.push(conn);
            return conn;
          },
        });
        addWorkflow(
          builder,
          defineWorkflow('scoped-hang')
            .options({ timeout: 1000 })
            .step('a', ({ get }) => (get(Conn), new Promise(() => {}))),
        );
      });
      const run = await runToEnd(harness, 'scoped-hang');
      expect(run.status).toBe('timed_out');
      expect(made.map((conn) => conn.disposed)).toStrictEqual([true]);
    });
  });
});
