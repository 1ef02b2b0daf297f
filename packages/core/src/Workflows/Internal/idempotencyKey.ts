import type { RunTrigger } from '../../Runs/RunRecord.js';

/** `<workflow>@<ISO slot>` for a scheduled run (the same on every replica), `<workflow>@manual:<run id>` otherwise. */
export function idempotencyKey(workflow: string, trigger: RunTrigger, scheduledAt: number, runId: string): string {
  return trigger === 'schedule' ? `${workflow}@${new Date(scheduledAt).toISOString()}` : `${workflow}@manual:${runId}`;
}
