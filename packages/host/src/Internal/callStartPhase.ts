import { callPhase, type StartPhase } from './callPhase.js';
import type { HostedServiceEntry } from './HostedServiceEntry.js';
import { isCancellation } from './isCancellation.js';
import { serviceStartFailed } from './serviceStartFailed.js';
import { settleWithin } from './settleWithin.js';
import { StartInterrupted } from './StartInterrupted.js';

/**
 * Calls one start phase of a hosted service under the start signal (a missing optional hook is a no-op). Throws
 * {@link StartInterrupted} when the signal aborted first (or the call gave up because of it), and
 * `BATON_ERR_SERVICE_START_FAILED` naming the service when the call itself failed.
 */
export async function callStartPhase(entry: HostedServiceEntry, phase: StartPhase, signal: AbortSignal): Promise<void> {
  const instance = entry.instance!;
  if (phase !== 'start' && instance[phase] === undefined) return;
  if (signal.aborted) throw new StartInterrupted(entry, phase);
  const settlement = await settleWithin(callPhase(instance, phase, signal), signal);
  if (settlement.status === 'fulfilled') return;
  if (settlement.status === 'abandoned' || (signal.aborted && isCancellation(settlement.reason))) throw new StartInterrupted(entry, phase);
  throw serviceStartFailed(entry.displayName, phase === 'start' ? 'failed to start' : `threw from its ${phase} hook`, settlement.reason);
}
