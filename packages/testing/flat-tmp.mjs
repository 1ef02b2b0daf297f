import { defineWorkflow, every, NullLogger } from '@baton/core';
import { createHost } from '@baton/host';
import { ManualClock } from '@baton/testing';
const clock = new ManualClock({ start: Date.UTC(2026, 0, 1) });
const host = createHost({ clock, logger: NullLogger });
for (let i = 0; i < 100; i++)
  host.addWorkflow(
    defineWorkflow(`wf-${i}`)
      .schedule(every('1s'))
      .step('a', () => i)
      .step('b', ({ input }) => input + 1)
      .step('c', ({ input }) => input * 2),
  );
await host.start();
for (let m = 0; m < 4; m++) {
  const t0 = process.cpuUsage();
  const w0 = performance.now();
  await clock.advance('5m');
  const cpu = process.cpuUsage(t0);
  global.gc?.();
  console.log(
    `5 min virtual: ${(performance.now() - w0).toFixed(0)} ms wall, cpu ${(cpu.user + cpu.system) / 1000} ms, heap ${(process.memoryUsage().heapUsed / 1e6).toFixed(1)} MB`,
  );
}
await host.stop();
