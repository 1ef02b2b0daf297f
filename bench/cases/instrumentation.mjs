// The cost of @baton/admin's instrumentation per run: the same no-op three-step workflow as runs-per-second,
// triggered and awaited one run after another, with instrument(host) on or off.
// Usage: node cases/instrumentation.mjs <instrumented|metrics-only|tracing-no-sdk|off> [seconds]
//   → one JSON line {usPerRun, cpuUsPerRun, runs}.
//
//   - off: createHost (null logger, in-memory RunStore) + addWorkflow, no instrument() call.
//   - metrics-only: the same with instrument(host, { tracing: false }): prom-client counters and histograms fed by
//     the Workflows events (a run start, three step ends, a run end per run).
//   - instrumented: instrument(host, { tracing: { tracerProvider } }) with metrics on and a real OpenTelemetry SDK
//     (@opentelemetry/sdk-trace's TracerProvider, always-on sampling, a BatchSpanProcessor whose exporter discards
//     the batches): four recorded spans per run (the run and its three steps), as in an app that exports traces.
//   - tracing-no-sdk: instrument(host, { metrics: false }) in an app that registered no OpenTelemetry SDK.
// A scrape of /metrics is not part of the run path and is not timed. Warm-up 0.5 s, then `seconds` of runs.
const impl = process.argv[2] ?? 'instrumented';
const seconds = Number(process.argv[3] ?? 3);

const one = async () => 1;
const two = async ({ input }) => input + 1;
const three = async ({ input }) => input + 1;

async function makeHost(instrumentation) {
  const { addWorkflow, defineWorkflow, NullLogger, Workflows } = await import('@baton/core');
  const { createHost } = await import('@baton/host');
  const host = createHost({ logger: NullLogger });
  addWorkflow(host, defineWorkflow('noop').step('one', one).step('two', two).step('three', three));
  const closeInstrumentation = await instrumentation(host);
  await host.start();
  const workflows = host.provider.get(Workflows);
  const run = async () => {
    const record = await workflows.trigger('noop');
    if (record.status !== 'succeeded') throw new Error(`run ended ${record.status}: ${JSON.stringify(record.error)}`);
  };
  return {
    run,
    close: async () => {
      await host.stop();
      await closeInstrumentation();
    },
  };
}

const makers = {
  off: () => makeHost(async () => async () => {}),
  'metrics-only': () =>
    makeHost(async (host) => {
      const { instrument } = await import('@baton/admin');
      const observability = instrument(host, { tracing: false });
      return async () => {
        // Sanity: the runs were counted.
        if (!(await observability.metrics()).body.includes('baton_runs_total{workflow="noop",status="succeeded",trigger="manual"}'))
          throw new Error('no runs counted');
      };
    }),
  // Tracing on, metrics off, and no SDK registered: what the no-op path costs.
  'tracing-no-sdk': () =>
    makeHost(async (host) => {
      const { instrument } = await import('@baton/admin');
      instrument(host, { metrics: false });
      return async () => {};
    }),
  instrumented: () =>
    makeHost(async (host) => {
      const { instrument } = await import('@baton/admin');
      const { BatchSpanProcessor, TracerProvider } = await import('@opentelemetry/sdk-trace');
      let exported = 0;
      const exporter = {
        export: (spans, done) => {
          exported += spans.length;
          done({ code: 0 });
        },
        shutdown: async () => {},
      };
      const tracerProvider = new TracerProvider({ spanProcessors: [new BatchSpanProcessor({ exporter })] });
      const observability = instrument(host, { tracing: { tracerProvider } });
      return async () => {
        await tracerProvider.shutdown();
        if (exported === 0) throw new Error('no spans exported');
        if (!(await observability.metrics()).body.includes('baton_runs_total{workflow="noop"')) throw new Error('no runs counted');
      };
    }),
};

/** Runs for `ms` of wall time; returns the runs, the wall seconds and the CPU seconds (user + system) they took. */
async function loopFor(run, ms) {
  let runs = 0;
  const started = process.hrtime.bigint();
  const cpuStarted = process.cpuUsage();
  const limit = BigInt(Math.round(ms * 1e6));
  for (;;) {
    for (let i = 0; i < 64; i++) await run();
    runs += 64;
    const elapsed = process.hrtime.bigint() - started;
    if (elapsed >= limit) {
      const cpu = process.cpuUsage(cpuStarted);
      return { runs, seconds: Number(elapsed) / 1e9, cpuSeconds: (cpu.user + cpu.system) / 1e6 };
    }
  }
}

if (!(impl in makers)) throw new Error(`Unknown implementation ${impl}`);
const { run, close } = await makers[impl]();
await loopFor(run, 500);
const measured = await loopFor(run, seconds * 1000);
await close();
process.stdout.write(
  JSON.stringify({
    case: 'instrumentation',
    impl,
    runs: measured.runs,
    usPerRun: (measured.seconds * 1e6) / measured.runs,
    cpuUsPerRun: (measured.cpuSeconds * 1e6) / measured.runs,
  }) + '\n',
  () => process.exit(0),
);
