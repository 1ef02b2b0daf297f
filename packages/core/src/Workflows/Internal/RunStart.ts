// How a run begins, as the launcher hands it to WorkflowRun.execute.
import type { RunRecord, RunTrigger } from '../../Runs/RunRecord.js';

/** `resume`: from the last checkpoint; `restart`: from the first step; `fail`/`abandon`: end it; `compensate`: undo it. */
export type TakenMode = 'resume' | 'restart' | 'fail' | 'compensate' | 'abandon';

/**
 * How a run begins: a new run (manual, or a scheduled slot to claim), or a run taken over from the store, which goes
 * on as `mode` says (see WorkflowOptions.recovery, and Workflows.resume, retry and compensate).
 */
export type RunStart =
  | {
      readonly kind: 'new';
      readonly trigger: RunTrigger;
      readonly scheduledAt: number;
      readonly input: unknown;
      readonly inputCheckpoint: string | undefined;
      readonly traceContext?: Readonly<Record<string, string>>;
      /** Called once the run is recorded (a manual run's audit entry is written then). */
      readonly onRecorded?: (runId: string) => void;
    }
  | { readonly kind: 'taken'; readonly record: RunRecord; readonly mode: TakenMode };
