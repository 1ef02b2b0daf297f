import type { Schedule } from '../../Scheduling/Schedule.js';

/**
 * The time between a schedule's next two slots after `now` (for an interval, its interval; for a cron, the gap
 * around now), or `undefined` without a schedule or without two further slots. Reported as `WorkflowInfo.periodMs`.
 */
export function schedulePeriod(schedule: Schedule | undefined, anchor: number | undefined, now: number): number | undefined {
  if (schedule === undefined) return undefined;
  const origin = anchor ?? now;
  const first = schedule.nextSlot(now, origin);
  const second = first === undefined ? undefined : schedule.nextSlot(first, origin);
  return first === undefined || second === undefined ? undefined : second - first;
}
