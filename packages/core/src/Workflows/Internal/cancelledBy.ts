import { BatonError } from '../../Errors/BatonError.js';
import { BatonErrorCode } from '../../Errors/BatonErrorCode.js';

/** Why a run was aborted by `Workflows.cancel` (on this engine, or on another that sent the signal). */
export function cancelledBy(runId: string, workflow: string, actor: string): BatonError {
  return new BatonError(BatonErrorCode.WorkflowRunCancelled, `Run ${runId} of workflow '${workflow}' was cancelled by Workflows.cancel() (actor '${actor}').`);
}
