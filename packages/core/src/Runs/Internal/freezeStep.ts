import type { StepRunRecord } from '../StepRunRecord.js';

/** Freezes the store's copy of a step (see copyStep) all the way down, once; it is never written again. */
export function freezeStep(step: StepRunRecord): StepRunRecord {
  if (Object.isFrozen(step)) return step;
  if (step.error !== undefined) Object.freeze(step.error);
  if (step.attemptErrors !== undefined) {
    for (const error of step.attemptErrors) Object.freeze(error);
    Object.freeze(step.attemptErrors);
  }
  if (step.compensation !== undefined) {
    if (step.compensation.error !== undefined) Object.freeze(step.compensation.error);
    Object.freeze(step.compensation);
  }
  return Object.freeze(step);
}
