import { BatonError } from '../../Errors/BatonError.js';
import { BatonErrorCode } from '../../Errors/BatonErrorCode.js';

/** Throws `BATON_ERR_SCHEDULER_INVALID_ARGUMENT` unless both times of a `nextSlot()` call are finite numbers. */
export function checkSlotArguments(afterMs: number, anchorMs: number, description: string): void {
  if (Number.isFinite(afterMs) && Number.isFinite(anchorMs)) return;
  throw new BatonError(
    BatonErrorCode.SchedulerInvalidArgument,
    `${description}: nextSlot(afterMs, anchorMs) needs two finite epoch ms; got (${String(afterMs)}, ${String(anchorMs)}).`,
  );
}
