import type { Serializer } from '../../Runs/Serializer.js';
import type { RunJournal } from './RunJournal.js';
import type { StepDefinition } from './WorkflowDefinition.js';

/**
 * The outputs of `step` that an earlier attempt of the run checkpointed (its records say it succeeded): by step name,
 * or by member key for a parallel group.
 */
export function checkpointsOf(step: StepDefinition, journal: RunJournal, serializer: Serializer): Map<string, unknown> {
  const done = new Map<string, unknown>();
  const read = (name: string, key: string): void => {
    const record = journal.step(name);
    if (record?.status === 'succeeded' && record.output !== undefined) done.set(key, serializer.deserialize(record.output));
  };
  if (!step.parallel) read(step.name, step.name);
  else for (const { key } of step.members) read(`${step.name}.${key!}`, key!);
  return done;
}
