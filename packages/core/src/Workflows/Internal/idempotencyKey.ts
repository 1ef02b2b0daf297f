import type { RunTrigger } from '../../Runs/RunRecord.js';

// The ISO text of the last slot converted: the runs of one instant (10,000 workflows on one cron second) share it,
// and their keys, kept in the store's history, then share one copy of it.
let lastSlot = Number.NaN;
let lastSlotText = '';

/** `<workflow>@<ISO slot>` for a scheduled run (the same on every replica), `<workflow>@manual:<run id>` otherwise. */
export function idempotencyKey(workflow: string, trigger: RunTrigger, scheduledAt: number, runId: string): string {
  if (trigger !== 'schedule') return `${workflow}@manual:${runId}`;
  if (scheduledAt !== lastSlot) {
    lastSlotText = new Date(scheduledAt).toISOString();
    lastSlot = scheduledAt;
  }
  return `${workflow}@${lastSlotText}`;
}
