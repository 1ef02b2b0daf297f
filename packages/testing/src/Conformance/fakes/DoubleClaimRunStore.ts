import type { RunLease, RunRecord } from '@baton/core';
import { DelegatingRunStore } from './DelegatingRunStore.js';

/** Broken: a scheduled run's slot is no claim. Every createRun creates its run, so two engines both own one slot. */
export class DoubleClaimRunStore extends DelegatingRunStore {
  override async createRun(run: RunRecord, lease: RunLease): Promise<boolean> {
    if (await this.inner.createRun(run, lease)) return true;
    // Keyed apart (as a manual run would be), the second run of the slot goes in too.
    return this.inner.createRun({ ...run, trigger: 'manual' }, lease);
  }
}
