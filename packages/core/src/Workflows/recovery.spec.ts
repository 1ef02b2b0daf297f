// Acceptance: a run whose engine dies at any of its store writes is recovered by another engine on the same store, by
// its workflow's recovery policy; each slot keeps exactly one run record, and no checkpointed step runs again.
import { afterEach, describe, expect, it } from 'vitest';
import { BatonErrorCode } from '../Errors/BatonErrorCode.js';
import { InMemoryRunStore } from '../Runs/InMemoryRunStore.js';
import type { RunRecord } from '../Runs/RunRecord.js';
import { every } from '../Scheduling/every.js';
import { FakeClock } from '../Time/fakes/FakeClock.js';
import { addWorkflow } from './addWorkflow.js';
import { defineWorkflow } from './defineWorkflow.js';
import { crashingStore } from './fakes/crashingStore.js';
import type { Harness } from './fakes/createHarness.js';
import { createHarness } from './fakes/createHarness.js';

const T0 = Date.UTC(2025, 0, 1);
type Policy = 'resume' | 'restart' | 'fail' | 'compensate';
const EFFECTS = ['reserve', 'notify.email', 'notify.sms', 'charge', 'release'] as const;
type Effects = Record<(typeof EFFECTS)[number], number>;

/** reserve (compensated by release) → notify, a parallel group of email and sms → charge; every hour. */
function saga(effects: Effects, policy: Policy) {
  return defineWorkflow('saga')
    .schedule(every('1h'))
    .options({ recovery: policy })
    .step('reserve', () => (effects.reserve++, { hold: 'h-1', at: new Date(T0) }), { compensate: () => void effects.release++ })
    .parallel('notify', {
      email: () => (effects['notify.email']++, 'emailed'),
      sms: async () => (effects['notify.sms']++, 'texted'),
    })
    .step('charge', ({ input }) => (effects.charge++, `charged after ${input.email} and ${input.sms}`));
}

const harnesses: Harness[] = [];
afterEach(async () => {
  // A dead engine's harness is left behind: its calls hang forever, as a dead process's would.
  for (const h of harnesses.splice(0)) await h.stop();
});

interface Crash {
  readonly effects: Effects;
  /** What the store held for the slot when the first engine died. */
  readonly atCrash: RunRecord | undefined;
  readonly final: RunRecord[];
  readonly writes: number;
}

/** Runs the slot at T0 on engine A, which dies at write `crashAt`; engine B, on the same store and clock, takes over. */
async function crash(policy: Policy, crashAt: number, applied: boolean): Promise<Crash> {
  const clock = new FakeClock(T0);
  const inner = new InMemoryRunStore({ clock });
  const effects = Object.fromEntries(EFFECTS.map((name) => [name, 0])) as Effects;
  const a = crashingStore(inner, crashAt, applied);
  await createHarness((builder) => addWorkflow(builder, saga(effects, policy)), { clock, store: a.store });
  await clock.advance(0);
  const atCrash = (await inner.listRuns('saga'))[0];
  const b = await createHarness((builder) => addWorkflow(builder, saga(effects, policy)), { clock, store: inner });
  harnesses.push(b);
  // Past A's lease (10 s) and B's next recovery sweep (every 5 s), well before the next slot.
  await clock.advance(30_000);
  return { effects, atCrash, final: await inner.listRuns('saga'), writes: a.writes() };
}

const succeededSteps = (run: RunRecord | undefined): Set<string> => new Set(run?.steps.filter((step) => step.status === 'succeeded').map((step) => step.name));

/** How many writes a clean run of the slot makes. */
async function cleanWrites(): Promise<number> {
  const { writes, final } = await crash('resume', Infinity, false);
  expect(final.map((run) => run.status)).toStrictEqual(['succeeded']);
  return writes;
}

describe('recovery of a run whose engine died', () => {
  it('should make a known number of writes in a clean run', async () => {
    // create, then reserve, email and sms as each ends (with its checkpoint), then finish, which carries charge's record.
    expect(await cleanWrites()).toBe(5);
  });

  const points = Array.from({ length: 5 }, (_, index) => index + 1).flatMap((at) => [
    [at, false],
    [at, true],
  ]) as [number, boolean][];

  describe.each<Policy>(['resume', 'restart', 'fail', 'compensate'])("with recovery '%s'", (policy) => {
    it.each(points)('should end the slot once and by the policy when the engine dies at write %i (applied: %s)', async (crashAt, applied) => {
      const { effects, atCrash, final } = await crash(policy, crashAt, applied);
      // Exactly one record for the slot, and it has ended.
      expect(final).toHaveLength(1);
      const [run] = final as [RunRecord];
      expect(run.scheduledAt).toBe(T0);
      expect(run.status).not.toBe('running');

      const checkpointed = succeededSteps(atCrash);
      if (atCrash === undefined || atCrash.status !== 'running') {
        // Died before its run was recorded (B ran the slot itself), or after it had ended: nothing to recover.
        expect(run.status).toBe('succeeded');
        expect(run.recoveries).toStrictEqual([]);
        return;
      }
      expect(run.recoveries.map((recovery) => [recovery.kind, recovery.previousEpoch, recovery.epoch])).toStrictEqual([['recovered', 1, 2]]);
      expect(run.attempt).toBe(2);
      // A checkpointed step never runs again except on restart; the others ran at most twice.
      for (const name of ['reserve', 'notify.email', 'notify.sms', 'charge'] as const) {
        const again = policy === 'restart' || policy === 'resume' ? !checkpointed.has(name) || policy === 'restart' : false;
        if (checkpointed.has(name) && policy !== 'restart') expect(effects[name], name).toBe(1);
        expect(effects[name], name).toBeLessThanOrEqual(again ? 2 : 1);
      }
      if (policy === 'resume' || policy === 'restart') {
        expect(run.status).toBe('succeeded');
        expect(
          run.steps
            .filter((step) => step.status === 'succeeded')
            .map((step) => step.name)
            .sort(),
        ).toStrictEqual(['charge', 'notify.email', 'notify.sms', 'reserve']);
        expect(effects.release).toBe(0);
      } else if (policy === 'fail') {
        expect([run.status, run.error?.code]).toStrictEqual(['failed', BatonErrorCode.WorkflowRunInterrupted]);
        expect(effects.release).toBe(0);
      } else if (checkpointed.has('reserve')) {
        expect(run.status).toBe('compensated');
        expect(effects.release).toBe(1);
        expect(run.steps.find((step) => step.name === 'reserve')?.compensation?.status).toBe('succeeded');
      } else {
        expect([run.status, run.error?.code]).toStrictEqual(['failed', BatonErrorCode.WorkflowRunInterrupted]);
        expect(effects.release).toBe(0);
      }
    });
  });

  it('should feed the next step from a checkpoint with the value the step returned', async () => {
    const { final } = await crash('resume', 2, true); // died right after reserve's checkpoint
    const charge = final[0]!.steps.find((step) => step.name === 'charge');
    expect(charge?.status).toBe('succeeded');
    expect(final[0]!.outputSummary).toBe('"charged after emailed and texted"');
  });

  it('should abandon a run recovered more often than maxRecoveries allows', async () => {
    const clock = new FakeClock(T0);
    const inner = new InMemoryRunStore({ clock });
    let calls = 0;
    const hang = defineWorkflow('hang')
      .options({ maxRecoveries: 1 })
      .step('work', () => {
        calls++;
        return new Promise<never>(() => {});
      });
    // Two engines die in turn in the middle of the step; the second recovery is over the limit, so the third engine
    // abandons the run instead of running the step a third time.
    for (let engine = 0; engine < 3; engine++) {
      const process = crashingStore(inner, Infinity, false);
      const h = await createHarness((builder) => addWorkflow(builder, hang), { clock, store: process.store });
      if (engine === 0) void h.workflows.trigger('hang').catch(() => undefined);
      await clock.advance(engine === 0 ? 0 : 30_000);
      if (engine < 2) process.kill();
      else harnesses.push(h);
    }
    const [run] = await inner.listRuns('hang');
    expect([run?.status, run?.error?.code, run?.recoveries.length]).toStrictEqual(['abandoned', BatonErrorCode.WorkflowRunAbandoned, 2]);
    expect(calls).toBe(2);
  });
});
