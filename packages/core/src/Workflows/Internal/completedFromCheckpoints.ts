import type { Serializer } from '../../Runs/Serializer.js';
import { checkpointsOf } from './checkpointsOf.js';
import type { CompletedStep } from './compensate.js';
import type { RunJournal } from './RunJournal.js';
import type { WorkflowDefinition } from './WorkflowDefinition.js';

/**
 * The completed steps of a run taken over, from their checkpoints, in order, up to the first step (or group) that did
 * not complete: what its compensations are called with. A step whose compensation already succeeded is left out.
 */
export function completedFromCheckpoints(def: WorkflowDefinition, input: unknown, journal: RunJournal, serializer: Serializer): CompletedStep[] {
  const completed: CompletedStep[] = [];
  for (const step of def.steps) {
    const done = checkpointsOf(step, journal, serializer);
    const complete = step.parallel ? step.members.every(({ key }) => done.has(key!)) : done.has(step.name);
    if (!complete) break;
    const output = step.parallel ? Object.fromEntries(done) : done.get(step.name);
    const undone = (step.parallel ? step.members.map(({ key }) => `${step.name}.${key!}`) : [step.name]).every(
      (name) => journal.step(name)?.compensation?.status === 'succeeded',
    );
    if (!undone) completed.push({ step, input, output });
    input = output;
  }
  return completed;
}
