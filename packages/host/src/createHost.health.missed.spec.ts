// The `workflows` health entry lists the slots each workflow's missed-run policy dropped (issue 10: a slot that was
// not run is recorded by policy, and the public API shows it afterwards).
import { defineWorkflow, every, InMemoryRunStore, RunStore } from '@baton/core';
import { afterEach, describe, expect, it } from 'vitest';
import { createHost } from './createHost.js';
import type { Host } from './Host.js';
import { ManualClock } from './Internal/fakes/ManualClock.js';
import { RecordingLogger } from './Internal/fakes/RecordingLogger.js';

describe('host.health() workflows entry', () => {
  let host: Host | undefined;

  afterEach(async () => {
    if (host !== undefined && host.state !== 'created') await host.stop();
    host = undefined;
  });

  it('should list the slots a workflow missed, and none for one that missed nothing', async () => {
    const clock = new ManualClock();
    const store = new InMemoryRunStore();
    // The store fails the first scheduled claim: that slot runs nowhere, and counts as missed.
    const createRun = store.createRun.bind(store);
    let failures = 1;
    store.createRun = (run, lease) => {
      if (run.workflow === 'flaky' && run.trigger === 'schedule' && failures-- > 0) throw new Error('connection reset');
      return createRun(run, lease);
    };
    host = createHost({ clock, logger: new RecordingLogger() });
    host.services.addSingleton(RunStore, { useValue: store });
    host.addWorkflow(
      defineWorkflow('flaky')
        .schedule(every('1s'))
        .step('a', () => 'ran'),
    );
    host.addWorkflow(
      defineWorkflow('steady')
        .schedule(every('1s'))
        .step('a', () => 'ran'),
    );
    await host.start();
    await clock.advanceBy(1_000);

    const report = await host.health();
    expect(report.entries['workflows']).toMatchObject({
      status: 'healthy',
      data: { workflows: { flaky: { state: 'scheduled', lastRun: 'succeeded', missedSlots: 1 }, steady: { state: 'scheduled', lastRun: 'succeeded' } } },
    });
    expect(report.entries['workflows']?.data).not.toHaveProperty(['workflows', 'steady', 'missedSlots']);
  });
});
