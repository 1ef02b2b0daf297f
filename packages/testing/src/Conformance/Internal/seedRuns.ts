import type { RunStatus, RunTrigger } from '@baton/core';
import type { ConformanceContext } from './ConformanceContext.js';

/** A run to seed: its workflow, trigger, status, and when it started relative to the clock's now. */
export interface SeedSpec {
  readonly workflow: string;
  readonly trigger: RunTrigger;
  readonly status: RunStatus;
  readonly startedAfterMs: number;
}

/** A seeded run, with the order it was created in. */
export interface SeededRun {
  readonly id: string;
  readonly workflow: string;
  readonly trigger: RunTrigger;
  readonly status: RunStatus;
  readonly startedAt: number;
  readonly created: number;
}

/**
 * Creates one run per spec, one after the other (so creation order is the specs' order): `running` runs stay running,
 * `skipped` ones are skipped records, the others are created and finished with their status. Each scheduled run gets
 * a slot of its own.
 */
export async function seedRuns(t: ConformanceContext, specs: readonly SeedSpec[]): Promise<SeededRun[]> {
  const base = t.clock.now();
  const seeded: SeededRun[] = [];
  for (const [created, { workflow, trigger, status, startedAfterMs }] of specs.entries()) {
    const startedAt = base + startedAfterMs;
    const fields = { workflow, trigger, scheduledAt: base + created * 60_000, startedAt };
    const run = status === 'skipped' ? t.skipped(fields) : t.run(fields);
    await t.create(run);
    if (status !== 'running' && status !== 'skipped') await t.finishRun(run.id, t.lease(), { status, finishedAt: startedAt + 10 });
    seeded.push({ id: run.id, workflow, trigger, status, startedAt, created });
  }
  return seeded;
}
