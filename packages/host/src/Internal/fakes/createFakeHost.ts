import type { HostOptions } from '../../HostOptions.js';
import { DefaultHost } from '../DefaultHost.js';
import { resolveHostOptions } from '../resolveHostOptions.js';
import { FakeProcess } from './FakeProcess.js';
import { ManualClock } from './ManualClock.js';
import { RecordingLogger } from './RecordingLogger.js';

/** A host on a {@link ManualClock}, logging to a {@link RecordingLogger}, with a {@link FakeProcess} for `run()`. */
export function createFakeHost(options: Omit<HostOptions, 'clock' | 'logger'> = {}, random: () => number = () => 0.5) {
  const clock = new ManualClock();
  const logger = new RecordingLogger();
  const process = new FakeProcess();
  const host = new DefaultHost(resolveHostOptions({ ...options, clock, logger }, { env: {}, isTTY: false }), { process, random });
  return { host, clock, logger, process };
}
