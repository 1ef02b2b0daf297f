import type { RunQuery, RunPage, RunRecord, ListRunsOptions } from '@baton/core';
import { DelegatingRunStore } from './DelegatingRunStore.js';

/** Broken: lists runs oldest first, and pages without a cursor (one page of the oldest runs). */
export class OldestFirstRunStore extends DelegatingRunStore {
  override async listRuns(workflow: string, options: ListRunsOptions = {}): Promise<RunRecord[]> {
    const runs = (await this.inner.listRuns(workflow)).reverse();
    return options.limit === undefined ? runs : runs.slice(0, options.limit);
  }

  override async lastRun(workflow: string): Promise<RunRecord | undefined> {
    return (await this.listRuns(workflow, { limit: 1 }))[0];
  }

  override async queryRuns(query: RunQuery = {}): Promise<RunPage> {
    const { limit = 50, cursor: _cursor, ...filters } = query;
    const everything = await this.inner.queryRuns({ ...filters, limit: 500 });
    return { runs: [...everything.runs].reverse().slice(0, limit) };
  }
}
