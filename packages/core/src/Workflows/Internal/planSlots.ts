import type { Schedule } from '../../Scheduling/Schedule.js';
import type { MissedRule } from './WorkflowDefinition.js';

/** Guards against a schedule whose slots are so dense that scanning a long outage would hang the start. */
const MAX_SCAN = 100_000;
/** No missed slot: the usual answer for a tick on time, without an array of its own. */
const NONE: readonly number[] = Object.freeze([]);

/**
 * Which missed slots to run now, how many the policy drops, and the next slot to wait for.
 *
 * @param after - The last slot that ran (or was skipped); slots strictly between it and `now` are missed.
 * @param earliest - The next slot is the first one at or after this time (now, or now + an initial delay).
 */
export function planSlots(
  schedule: Schedule,
  anchor: number,
  after: number | undefined,
  now: number,
  earliest: number,
  rule: MissedRule,
): { readonly missed: readonly number[]; readonly dropped: number; readonly next: number | undefined } {
  const next = schedule.nextSlot(earliest - 1, anchor);
  if (after === undefined) return { missed: NONE, dropped: 0, next };
  const from = rule.kind === 'catch-up' ? Math.max(after, now - rule.windowMs - 1) : after;
  let missed: number[] | undefined;
  let passed = 0;
  for (let slot = schedule.nextSlot(after, anchor); slot !== undefined && slot < now && passed < MAX_SCAN; slot = schedule.nextSlot(slot, anchor)) {
    passed++;
    if (rule.kind === 'skip' || slot <= from) continue;
    if (rule.kind === 'run-once') missed = [slot];
    else (missed ??= []).push(slot);
  }
  return { missed: missed ?? NONE, dropped: passed - (missed?.length ?? 0), next };
}
