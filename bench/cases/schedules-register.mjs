// Registering 10,000 hourly schedules: heap and RSS bytes per schedule (after a full GC) and µs to register one.
// Usage: node --expose-gc cases/schedules-register.mjs <baton|node-cron|croner|toad-scheduler> [count]
//   → one JSON line {heapPerSchedule, rssPerSchedule, registerUs}.
//
// Expressions: `${s} ${m} ${hour} * * *` with s = i % 60, m = ⌊i/60⌋ % 60 and the hour field written three ways
// (`*`, `*/1`, `0-23`), so all 10,000 fire once an hour, at different second/minute offsets, and no two are the
// same text (no library can share a parsed expression). toad-scheduler has no cron of its own (its CronJob wraps
// croner), so it registers 10,000 one-hour interval jobs. The strings are built before the baseline measurement:
// they belong to the caller, not to the scheduler.
import { emit, fullGc } from './_lib.mjs';

const impl = process.argv[2] ?? 'baton';
const count = Number(process.argv[3] ?? 10_000);

const HOUR_FIELDS = ['*', '*/1', '0-23'];
const expressions = Array.from({ length: count }, (_, i) => `${i % 60} ${Math.floor(i / 60) % 60} ${HOUR_FIELDS[Math.floor(i / 3600) % 3]} * * *`);
const noop = () => {};

async function makeRegister() {
  switch (impl) {
    case 'baton': {
      const { cron } = await import('@baton/core');
      const { add } = await import('./_lib.mjs').then((m) => m.batonScheduler());
      return (i) => add(cron(expressions[i]), noop);
    }
    case 'node-cron': {
      const { schedule } = await import('node-cron');
      return (i) => schedule(expressions[i], noop);
    }
    case 'croner': {
      const { Cron } = await import('croner');
      return (i) => new Cron(expressions[i], noop);
    }
    case 'toad-scheduler': {
      const { ToadScheduler, SimpleIntervalJob, Task } = await import('toad-scheduler');
      const scheduler = new ToadScheduler();
      return (i) => scheduler.addSimpleIntervalJob(new SimpleIntervalJob({ hours: 1 }, new Task(`task-${i}`, noop), { id: `job-${i}` }));
    }
    default:
      throw new Error(`Unknown implementation ${impl}`);
  }
}

const register = await makeRegister();
const handles = new Array(count); // keep whatever the library returns alive, as an application would
await fullGc();
const before = process.memoryUsage();
const started = process.hrtime.bigint();
for (let i = 0; i < count; i++) handles[i] = register(i);
const elapsedUs = Number(process.hrtime.bigint() - started) / 1e3;
await fullGc();
const after = process.memoryUsage();
emit({
  case: 'schedules-register',
  impl,
  count,
  heapPerSchedule: (after.heapUsed - before.heapUsed) / count,
  rssPerSchedule: (after.rss - before.rss) / count,
  registerUs: elapsedUs / count,
});
