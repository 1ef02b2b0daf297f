import type { RunRecord } from '../../Runs/RunRecord.js';
import type { WorkflowDefinition } from './WorkflowDefinition.js';

/**
 * Why `record`'s completed steps no longer fit `def` (a deploy changed the steps), or `undefined` when they do: each
 * succeeded step must still exist, and they must be the first steps of the workflow, in order (the step being run
 * when the run stopped may be partly done, as a parallel group can be).
 */
export function definitionChange(def: WorkflowDefinition, record: RunRecord): string | undefined {
  const names = new Set(def.steps.flatMap((step) => (step.parallel ? step.members.map(({ key }) => `${step.name}.${key!}`) : [step.name])));
  const succeeded = new Set(record.steps.filter((step) => step.status === 'succeeded').map((step) => step.name));
  const unknown = [...succeeded].find((name) => !names.has(name));
  if (unknown !== undefined) return `its completed step '${unknown}' is no longer a step of the workflow`;
  let open = false;
  for (const step of def.steps) {
    const members = step.parallel ? step.members.map(({ key }) => `${step.name}.${key!}`) : [step.name];
    const done = members.filter((name) => succeeded.has(name)).length;
    if (open && done > 0) return `step '${step.name}' completed after a step that did not; the steps were reordered`;
    if (done < members.length) open = true;
  }
  return undefined;
}
