import { BatonError, BatonErrorCode, type RunLease, type RunStatus } from '@baton/core';

/** The error for a fenced write that matched no row: what the run is now, and who made the write at which epoch. */
export function staleEpoch(id: string, lease: RunLease, now: { status: RunStatus; epoch: number; owner: string | null } | undefined): BatonError {
  const state =
    now === undefined
      ? 'is not in the store'
      : now.status !== 'running'
        ? `has ended (${now.status})`
        : `is at epoch ${now.epoch}, owned by ${now.owner ?? 'nobody'}`;
  return new BatonError(BatonErrorCode.RunsStaleEpoch, `Write refused: run ${id} ${state}, but the write was made by ${lease.owner} at epoch ${lease.epoch}.`);
}
