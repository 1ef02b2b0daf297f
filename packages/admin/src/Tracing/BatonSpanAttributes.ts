/**
 * The attributes Baton sets on its spans.
 *
 * | Span | Name | Attributes |
 * | --- | --- | --- |
 * | a run | `run <workflow>` | `baton.workflow.name`, `baton.run.id`, `baton.run.trigger`, `baton.run.attempt` |
 * | a step (or a member of a parallel group, `<group>.<member>`) | `step <step>` | `baton.workflow.name`, `baton.run.id`, `baton.step.name`, `baton.step.attempt` |
 * | a compensation | `compensate <step>` | `baton.workflow.name`, `baton.run.id`, `baton.step.name`, `baton.step.attempt` (its attempts) |
 *
 * A span that ended in error has status `ERROR`, the exception recorded as an event, and `error.type` (the error's
 * `code` when it has one, else its name).
 */
export const BatonSpanAttributes = Object.freeze({
  workflowName: 'baton.workflow.name',
  runId: 'baton.run.id',
  runTrigger: 'baton.run.trigger',
  runAttempt: 'baton.run.attempt',
  stepName: 'baton.step.name',
  stepAttempt: 'baton.step.attempt',
  errorType: 'error.type',
} as const);
