import type { StepRunRecord } from '../StepRunRecord.js';
import type { Mutable } from './Mutable.js';

/** The store's own copy of a step record: nothing in it is the caller's. */
export function copyStep(step: StepRunRecord): StepRunRecord {
  const copy: Mutable<StepRunRecord> = { ...step };
  if (step.error !== undefined) copy.error = { ...step.error };
  if (step.attemptErrors !== undefined) copy.attemptErrors = step.attemptErrors.map((error) => ({ ...error }));
  if (step.compensation !== undefined)
    copy.compensation = { ...step.compensation, ...(step.compensation.error === undefined ? {} : { error: { ...step.compensation.error } }) };
  return copy;
}

/** Inserts a copy of `step` into `steps`, or replaces the record of the same name in place. */
export function putStep(steps: StepRunRecord[], step: StepRunRecord): void {
  const index = steps.findIndex((existing) => existing.name === step.name);
  if (index === -1) steps.push(copyStep(step));
  else steps[index] = copyStep(step);
}

/** A step with nothing the history would keep a reference to: its columns copy every field (see StepRing.push). */
export function isFlatStep(step: StepRunRecord): boolean {
  return step.group === undefined && step.error === undefined && step.attemptErrors === undefined && step.compensation === undefined;
}
