import type { RunRecord, RunStatus, RunTrigger } from './RunRecord.js';

/** A search over the runs of every workflow, newest first, as the admin API and dashboard make it. */
export interface RunQuery {
  /** One workflow, or any of several. Defaults to every workflow. */
  readonly workflow?: string | readonly string[];
  /** Only runs in one of these statuses. */
  readonly status?: readonly RunStatus[];
  readonly trigger?: RunTrigger;
  /** Only runs that started at or after this instant (epoch ms). */
  readonly from?: number;
  /** Only runs that started before this instant (epoch ms). */
  readonly to?: number;
  /** Page size: 1 to 500. Defaults to 50. */
  readonly limit?: number;
  /** {@link RunPage.nextCursor} of the previous page. */
  readonly cursor?: string;
}

/** One page of a {@link RunQuery}: runs newest first (by `startedAt`, then by id, which sorts by creation). */
export interface RunPage {
  readonly runs: readonly RunRecord[];
  /** Pass it as {@link RunQuery.cursor} for the next page; absent on the last page. */
  readonly nextCursor?: string;
}

/** How many runs of one workflow a store holds, by status. */
export interface RunCounts {
  readonly workflow: string;
  readonly counts: Readonly<Partial<Record<RunStatus, number>>>;
}
