import type { ServiceProvider } from '../../DependencyInjection/ServiceProvider.js';
import { Logger } from '../../Logging/Logger.js';
import type { LogFields } from '../../Logging/Logger.js';
import { RunStore } from '../../Runs/RunStore.js';
import { Clock } from '../../Time/Clock.js';
import { Workflows } from '../Workflows.js';
import { FakeClock } from '../../Time/fakes/FakeClock.js';
import { FakeHostBuilder } from './FakeHostBuilder.js';

export interface LogEntry {
  readonly level: string;
  readonly message: string;
  readonly fields: LogFields;
}

export interface Harness {
  readonly clock: FakeClock;
  readonly builder: FakeHostBuilder;
  readonly provider: ServiceProvider;
  readonly workflows: Workflows;
  readonly store: RunStore;
  readonly logs: LogEntry[];
  stop(): Promise<void>;
}

/** Builds a host with a FakeClock and a recording logger, lets `configure` add workflows and services, and starts it. */
export async function createHarness(
  configure: (builder: FakeHostBuilder) => void,
  options: { clock?: FakeClock; store?: RunStore; start?: boolean } = {},
): Promise<Harness> {
  const clock = options.clock ?? new FakeClock(Date.UTC(2025, 0, 1));
  const logs: LogEntry[] = [];
  const builder = new FakeHostBuilder();
  builder.services.addSingleton(Clock, { useValue: clock });
  builder.services.addSingleton(Logger, { useValue: recordingLogger(logs, {}) });
  if (options.store !== undefined) builder.services.addSingleton(RunStore, { useValue: options.store });
  configure(builder);
  const provider = builder.provider;
  if (options.start !== false) await builder.start();
  return { clock, builder, provider, workflows: provider.get(Workflows), store: provider.get(RunStore), logs, stop: () => builder.stop() };
}

function recordingLogger(logs: LogEntry[], bound: LogFields): Logger {
  const write = (level: string) => (message: string, fields?: LogFields) => void logs.push({ level, message, fields: { ...bound, ...fields } });
  return {
    error: write('error'),
    warn: write('warn'),
    info: write('info'),
    debug: write('debug'),
    child: (fields) => recordingLogger(logs, { ...bound, ...fields }),
  };
}
