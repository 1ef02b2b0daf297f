import { BatonError } from '../../Errors/BatonError.js';
import { BatonErrorCode } from '../../Errors/BatonErrorCode.js';
import { toError } from '../../Errors/toError.js';
import type { Serializer } from '../../Runs/Serializer.js';

/**
 * The checkpoint of a step's output: its text through `serializer`. Throws BATON_ERR_RUNS_CHECKPOINT_UNSERIALIZABLE
 * for a value the serializer refuses, and BATON_ERR_RUNS_CHECKPOINT_TOO_LARGE past `limit` bytes; each names the
 * workflow and the step.
 */
export function checkpointOf(serializer: Serializer, limit: number, output: unknown, workflow: string, step: string): string {
  let text: string;
  try {
    text = serializer.serialize(output);
  } catch (error) {
    if (BatonError.is(error, BatonErrorCode.RunsCheckpointUnserializable)) {
      throw new BatonError(
        BatonErrorCode.RunsCheckpointUnserializable,
        `Step '${step}' of workflow '${workflow}' returned a value that cannot be checkpointed: ${error.message}`,
        { cause: error },
      );
    }
    throw new BatonError(
      BatonErrorCode.RunsCheckpointUnserializable,
      `Step '${step}' of workflow '${workflow}' returned a value the serializer refused: ${toError(error).message}`,
      { cause: error },
    );
  }
  const size = Buffer.byteLength(text);
  if (size > limit) {
    throw new BatonError(
      BatonErrorCode.RunsCheckpointTooLarge,
      `Step '${step}' of workflow '${workflow}' returned ${size} bytes once serialized, over the checkpoint limit of ${limit} bytes.`,
    );
  }
  return text;
}
