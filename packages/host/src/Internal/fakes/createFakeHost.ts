import type { HostOptions } from '../../HostOptions.js';
import { DefaultHost } from '../DefaultHost.js';
import { resolveHostOptions } from '../resolveHostOptions.js';
import { FakeProcess } from './FakeProcess.js';
import { ManualClock } from './ManualClock.js';
import { RecordingLogger } from './RecordingLogger.js';

/**
 * A host on a {@link ManualClock}, logging to a {@link RecordingLogger} (unless `options.logger` is given), with a
 * {@link FakeProcess} for `run()`; what the host writes to stderr is kept in `stderr`.
 */
export function createFakeHost(options: Omit<HostOptions, 'clock'> = {}, random: () => number = () => 0.5) {
  const clock = new ManualClock();
  const logger = new RecordingLogger();
  const process = new FakeProcess();
  const stderr: string[] = [];
  const host = new DefaultHost(resolveHostOptions({ logger, ...options, clock }, { env: {}, isTTY: false }), {
    process,
    random,
    writeStderr: (text) => void stderr.push(text),
  });
  return { host, clock, logger, process, stderr };
}
