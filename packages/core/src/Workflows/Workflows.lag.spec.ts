// The engine reports an overloaded scheduler (issue 10, item 0): an event, Workflows.lag(), a log line; the ticks that
// passed meanwhile follow the missed-run policy.
import { afterEach, describe, expect, it } from 'vitest';
import { every } from '../Scheduling/every.js';
import type { SchedulerLag } from '../Scheduling/SchedulerLag.js';
import { FakeClock } from '../Time/fakes/FakeClock.js';
import { addWorkflow } from './addWorkflow.js';
import { defineWorkflow } from './defineWorkflow.js';
import type { Harness } from './fakes/createHarness.js';
import { createHarness } from './fakes/createHarness.js';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.stop();
  harness = undefined;
});

describe('Workflows.lag', () => {
  it('should report the scheduler overloaded while ticks run late, then caught up', async () => {
    const clock = new FakeClock(Date.UTC(2025, 0, 1));
    let stalls = 1;
    harness = await createHarness(
      (builder) => {
        // A step that holds the process for 5 s (on the virtual clock) once: every tick due meanwhile runs late.
        addWorkflow(
          builder,
          defineWorkflow('stall')
            .schedule(every('1s'))
            .step('hold', () => void (stalls-- > 0 && clock.jump(5_000))),
        );
        for (let index = 0; index < 3; index++)
          addWorkflow(
            builder,
            defineWorkflow(`tick-${index}`)
              .schedule(every('1s'))
              .step('a', () => index),
          );
      },
      { clock },
    );
    const lags: SchedulerLag[] = [];
    harness.workflows.on('scheduler.lag', (lag) => lags.push(lag));
    const missed: string[] = [];
    harness.workflows.on('tick.missed', ({ workflow, slots }) => missed.push(`${workflow}:${slots}`));
    expect(harness.workflows.lag().overloaded).toBe(false);
    await clock.advance(1_000);
    await clock.advance(3_000);
    expect(lags.map((lag) => lag.overloaded)).toStrictEqual([true, false]);
    expect(lags[0]!.lateByMs).toBeGreaterThan(1_000);
    expect(harness.workflows.lag().overloaded).toBe(false);
    expect(harness.logs.some((entry) => entry.level === 'warn' && entry.message.startsWith('The workflow scheduler is overloaded'))).toBe(true);
    // missed: 'skip' (the default) drops the slots that passed during the stall, and says how many.
    expect(missed).toContain('tick-0:3');
    expect((await harness.workflows.list()).find((info) => info.name === 'tick-0')?.missedSlots).toBe(3);
  });
});
