/**
 * How a run was taken over.
 * - `recovered`: its owner's lease expired while it was `running`; the workflow's recovery policy applied.
 * - `resumed`, `retried`, `compensated`: by hand, through `Workflows.resume`, `retry` or `compensate`.
 */
export type RecoveryKind = 'recovered' | 'resumed' | 'retried' | 'compensated';

/** One takeover of a run, as recorded on it. */
export interface RunRecovery {
  readonly kind: RecoveryKind;
  readonly at: number;
  /** Who owned the run before (absent for a run that had ended). */
  readonly previousOwner?: string;
  readonly previousEpoch: number;
  /** The new owner and epoch. */
  readonly owner: string;
  readonly epoch: number;
}
