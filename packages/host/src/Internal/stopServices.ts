import { BatonError, BatonErrorCode, toError } from '@baton/core';
import { callPhase, type StopPhase } from './callPhase.js';
import type { HostedServiceEntry } from './HostedServiceEntry.js';
import { isCancellation } from './isCancellation.js';
import { settleWithin } from './settleWithin.js';

/** What {@link stopServices} needs from the host. */
export interface StopContext {
  /** Resolves when the entry's execution settles; never rejects. */
  executionSettled(entry: HostedServiceEntry): Promise<void>;
  /** Records a stop failure against a service. */
  recordFailure(name: string, error: Error): void;
  /** Called once every `stop` has returned (or was abandoned), before the `stopped` hooks; never rejects. */
  beforeStoppedHooks?(): Promise<void>;
}

/** How the stop of the services went. */
export interface StopOutcome {
  /** Names of the services still pending when the budget ran out, in stop order. */
  readonly stillRunning: string[];
  /** Whether any call was still pending when the budget ran out. */
  readonly abandoned: boolean;
}

/**
 * Steps 3–5 of the stop order (see DefaultHost.stop): every `stopping` hook, then every `stop` (after any pending
 * restart, then awaiting the execution), then every `stopped` hook, over `order` (already reversed). Each call gets
 * `budget` and is awaited only while it lasts; errors are recorded as `BATON_ERR_SERVICE_STOP_FAILED`, never thrown.
 */
export async function stopServices(order: readonly HostedServiceEntry[], budget: AbortSignal, context: StopContext): Promise<StopOutcome> {
  const stillRunning: string[] = [];
  let abandoned = false;
  for (const entry of order) abandoned = (await stopCall(entry, 'stopping', budget, context)) || abandoned;
  for (const entry of order) {
    if (entry.restarting !== undefined) await settleWithin(entry.restarting, budget);
    entry.log!.phase('stopping');
    let pending = await stopCall(entry, 'stop', budget, context);
    if (!pending) pending = (await settleWithin(context.executionSettled(entry), budget)).status === 'abandoned';
    if (pending) {
      stillRunning.push(entry.displayName);
      entry.log!.notStopped();
    } else {
      entry.log!.phase('stopped');
    }
    abandoned ||= pending;
  }
  if (context.beforeStoppedHooks !== undefined) abandoned = (await settleWithin(context.beforeStoppedHooks(), budget)).status === 'abandoned' || abandoned;
  for (const entry of order) abandoned = (await stopCall(entry, 'stopped', budget, context)) || abandoned;
  return { stillRunning, abandoned };
}

/** Calls one stop phase within the budget; returns whether it was abandoned (still pending at the deadline). */
async function stopCall(entry: HostedServiceEntry, phase: StopPhase, budget: AbortSignal, context: StopContext): Promise<boolean> {
  const instance = entry.instance!;
  if (phase !== 'stop' && instance[phase] === undefined) return false;
  const settlement = await settleWithin(callPhase(instance, phase, budget), budget);
  if (settlement.status === 'abandoned') return true;
  if (settlement.status === 'fulfilled') return false;
  // Throwing an abort once the budget has run out is how a service says it did not finish.
  if (budget.aborted && isCancellation(settlement.reason)) return true;
  const cause = toError(settlement.reason);
  entry.log!.hookFailed(phase, cause);
  context.recordFailure(
    entry.displayName,
    new BatonError(BatonErrorCode.ServiceStopFailed, `Hosted service '${entry.displayName}' threw from ${phase}: ${cause.message}`, { cause }),
  );
  return false;
}
