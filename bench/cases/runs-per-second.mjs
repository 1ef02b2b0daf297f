// Workflow runs per second: a no-op three-step workflow, triggered and awaited to completion one after another.
// Usage: node cases/runs-per-second.mjs <baton|node-cron|floor> [seconds]  → one JSON line {runsPerSec, runs}.
//
//   - baton: `defineWorkflow('noop')` with three steps, registered with `addWorkflow` on a `createHost()` host (null
//     logger, the default in-memory RunStore and Coordinator), started; then `Workflows.trigger('noop')` in a loop.
//     Each run runs its steps in order, checkpoints each step's output through the Serializer, and is recorded (run
//     and steps, every write fenced by the run's lease) in the RunStore. Its DI scope is made when a step first
//     resolves a service; these steps resolve none.
//   - node-cron: a node-cron 4 task (`cron.schedule`, not started) whose function calls the same three functions in
//     order, dispatched by hand with `task.execute()` in a loop: node-cron's own path for running a job now (it
//     records nothing; each execution is an event-emitting run of its job).
//   - floor: a plain async loop calling the same three functions in order, with a Map as the run's scope and each
//     step's output as the next step's input. Nothing recorded.
// Both warm up for 0.5 s, then count the runs completed in `seconds`.
const impl = process.argv[2] ?? 'baton';
const seconds = Number(process.argv[3] ?? 3);

// The three steps, shared by both sides.
const one = async () => 1;
const two = async ({ input }) => input + 1;
const three = async ({ input }) => input + 1;

async function makeBaton() {
  const { addWorkflow, defineWorkflow, NullLogger, Workflows } = await import('@baton/core');
  const { createHost } = await import('@baton/host');
  const host = createHost({ logger: NullLogger });
  addWorkflow(host, defineWorkflow('noop').step('one', one).step('two', two).step('three', three));
  let workflows;
  // A hosted service that only picks up the Workflows operator once the provider is built.
  host.addHostedService(
    (services) => ({
      async start() {
        workflows = services.get(Workflows);
      },
      async stop() {},
    }),
    { name: 'bench' },
  );
  await host.start();
  const run = async () => {
    const record = await workflows.trigger('noop');
    if (record.status !== 'succeeded') throw new Error(`run ended ${record.status}: ${JSON.stringify(record.error)}`);
  };
  return { run, close: () => host.stop() };
}

async function makeNodeCron() {
  const cron = (await import('node-cron')).default;
  const steps = [one, two, three];
  const task = cron.schedule(
    '0 0 1 1 *',
    async () => {
      const context = { input: undefined };
      for (const step of steps) context.input = await step(context);
      if (context.input !== 3) throw new Error('node-cron run went wrong');
    },
    { scheduled: false },
  );
  task.stop();
  const run = () => task.execute();
  return { run, close: async () => task.destroy() };
}

async function makeFloor() {
  const steps = [one, two, three];
  const run = async () => {
    const scope = new Map();
    const context = { get: (key) => scope.get(key), input: undefined };
    for (const step of steps) context.input = await step(context);
    if (context.input !== 3) throw new Error('floor run went wrong');
  };
  return { run, close: async () => {} };
}

async function loopFor(run, ms) {
  let runs = 0;
  const started = process.hrtime.bigint();
  const limit = BigInt(Math.round(ms * 1e6));
  for (;;) {
    for (let i = 0; i < 64; i++) await run();
    runs += 64;
    const elapsed = process.hrtime.bigint() - started;
    if (elapsed >= limit) return { runs, seconds: Number(elapsed) / 1e9 };
  }
}

const makers = { baton: makeBaton, 'node-cron': makeNodeCron, floor: makeFloor };
if (!(impl in makers)) throw new Error(`Unknown implementation ${impl}`);
const { run, close } = await makers[impl]();
await loopFor(run, 500);
const measured = await loopFor(run, seconds * 1000);
await close();
process.stdout.write(JSON.stringify({ case: 'runs-per-second', impl, runs: measured.runs, runsPerSec: measured.runs / measured.seconds }) + '\n', () =>
  process.exit(0),
);
