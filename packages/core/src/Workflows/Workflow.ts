import type { ServiceKey } from '../DependencyInjection/Token.js';
import { BatonError } from '../Errors/BatonError.js';
import { BatonErrorCode } from '../Errors/BatonErrorCode.js';
import { describe, normalizeStepOptions, normalizeWorkflowOptions } from './Internal/normalizeOptions.js';
import type { ErasedStep, StepDefinition, WorkflowDefinition } from './Internal/WorkflowDefinition.js';
import { setDefinition } from './Internal/WorkflowDefinition.js';
import type { Schedule } from '../Scheduling/Schedule.js';
import type { StepContext, StepFunction } from './StepContext.js';
import type { StepOptions } from './StepOptions.js';
import type { WorkflowOptions } from './WorkflowOptions.js';

declare const types: unique symbol;

/** The output of a parallel group: each member's resolved output under its key. */
export type ParallelOutput<TSteps> = { -readonly [K in keyof TSteps]: TSteps[K] extends (...args: never[]) => infer R ? Awaited<R> : never };

/**
 * A workflow definition: an immutable, typed builder. Every method returns a new Workflow and leaves this one as it was,
 * so a base definition can be shared and extended.
 *
 * @typeParam TInput - The run's input (`Workflows.trigger(name, input)`); the first step receives it.
 * @typeParam TOutput - The last step's output; the next step receives it.
 * @remarks Create one with {@link defineWorkflow}; register it with `addWorkflow(builder, workflow)`. Bad input
 * (a duplicate step name, a step that is not a function, an invalid option) throws a BatonError at once.
 */
export class Workflow<TInput, TOutput> {
  /** Phantom: carries the input and output types; never set at run time. */
  declare readonly [types]?: { readonly input: TInput; readonly output: TOutput };
  readonly #definition: WorkflowDefinition;

  /** @internal Use {@link defineWorkflow}. */
  constructor(definition: WorkflowDefinition) {
    this.#definition = Object.freeze(definition);
    setDefinition(this, this.#definition);
    Object.freeze(this);
  }

  /** The workflow's unique name. */
  get name(): string {
    return this.#definition.name;
  }

  /** The names of its steps and parallel groups, in order. */
  get stepNames(): readonly string[] {
    return this.#definition.steps.map((step) => step.name);
  }

  /** Runs the workflow on `schedule` (from `every()` or `cron()`). Without one, it runs only when triggered. */
  schedule(schedule: Schedule): Workflow<TInput, TOutput> {
    if (typeof schedule !== 'object' || schedule === null || typeof (schedule as Schedule).nextSlot !== 'function') {
      throw new BatonError(
        BatonErrorCode.WorkflowInvalidOptions,
        `Workflow '${this.name}': schedule must be a Schedule from every() or cron(); got ${describe(schedule)}.`,
      );
    }
    return new Workflow({ ...this.#definition, schedule });
  }

  /** Sets workflow options (merged over earlier ones): timeout, overlap, missed, compensateOnAbort, requires, history. */
  options(options: WorkflowOptions): Workflow<TInput, TOutput> {
    return new Workflow({ ...this.#definition, settings: normalizeWorkflowOptions(options, this.#definition.settings, this.name) });
  }

  /**
   * Declares the service tokens the steps resolve, checked when the host starts: a missing one fails the start
   * (`requires: 'eager'`, the default) or makes the workflow wait for it (`requires: 'lazy'`).
   */
  uses(...tokens: ServiceKey<unknown>[]): Workflow<TInput, TOutput> {
    tokens.forEach((key, index) => {
      if (typeof key !== 'symbol' && typeof key !== 'function') {
        throw new BatonError(
          BatonErrorCode.WorkflowInvalidOptions,
          `Workflow '${this.name}': uses() argument #${index} is ${describe(key)}, not a token or a class. Is an import circular?`,
        );
      }
    });
    return new Workflow({ ...this.#definition, uses: [...this.#definition.uses, ...tokens.filter((key) => !this.#definition.uses.includes(key))] });
  }

  /**
   * Appends a step. It receives the previous step's output as `input` and its output feeds the next step.
   * @param name - Unique within the workflow; used in records, logs and events.
   * @param run - The step's work.
   * @param options - Retry, timeout and compensation.
   */
  step<TNext>(name: string, run: StepFunction<TOutput, TNext>, options?: StepOptions<TOutput, NoInfer<TNext>>): Workflow<TInput, TNext> {
    const where = this.#assertStepName(name);
    if (typeof run !== 'function') {
      throw new BatonError(BatonErrorCode.WorkflowInvalidStep, `${where} must be a function (context) => output; got ${describe(run)}.`);
    }
    const normalized = normalizeStepOptions(options as StepOptions<never, never> | undefined, where);
    const step: StepDefinition = { name, members: [{ key: undefined, run: run as ErasedStep }], parallel: false, ...normalized };
    return new Workflow({ ...this.#definition, steps: [...this.#definition.steps, Object.freeze(step)] });
  }

  /**
   * Appends a group of steps that run together; the group's output is `{ key: output }`. If one member fails for
   * good, the others' signal is aborted and the group fails. Retry and timeout apply to each member; `compensate`
   * undoes the whole group, given its output, once every member has succeeded.
   */
  parallel<const TSteps extends Readonly<Record<string, (context: StepContext<TOutput>) => unknown>>>(
    name: string,
    steps: TSteps,
    options?: StepOptions<TOutput, NoInfer<ParallelOutput<TSteps>>>,
  ): Workflow<TInput, ParallelOutput<TSteps>> {
    const where = this.#assertStepName(name, 'Parallel group');
    if (typeof steps !== 'object' || steps === null || Object.keys(steps).length === 0) {
      throw new BatonError(
        BatonErrorCode.WorkflowInvalidStep,
        `${where} needs an object of one or more step functions, e.g. { a: fnA, b: fnB }; got ${describe(steps)}.`,
      );
    }
    const members = Object.entries(steps).map(([key, run]) => {
      if (typeof run !== 'function') {
        throw new BatonError(BatonErrorCode.WorkflowInvalidStep, `${where}: member '${key}' must be a function (context) => output; got ${describe(run)}.`);
      }
      return Object.freeze({ key, run: run as ErasedStep });
    });
    const normalized = normalizeStepOptions(options as StepOptions<never, never> | undefined, where);
    const step: StepDefinition = { name, members: Object.freeze(members), parallel: true, ...normalized };
    return new Workflow({ ...this.#definition, steps: [...this.#definition.steps, Object.freeze(step)] });
  }

  #assertStepName(name: unknown, kind = 'Step'): string {
    if (typeof name !== 'string' || name.trim() === '') {
      throw new BatonError(BatonErrorCode.WorkflowInvalidStep, `Workflow '${this.name}': a step name must be a non-empty string; got ${describe(name)}.`);
    }
    if (this.#definition.steps.some((step) => step.name === name)) {
      throw new BatonError(BatonErrorCode.WorkflowDuplicateStep, `Workflow '${this.name}' already has a step named '${name}'; step names must be unique.`);
    }
    return `${kind} '${name}' of workflow '${this.name}'`;
  }
}
