import { describe, expect, expectTypeOf, it } from 'vitest';
import { BatonErrorCode } from '../Errors/BatonErrorCode.js';
import { defineWorkflow } from './defineWorkflow.js';
import type { StepContext } from './StepContext.js';
import type { Workflow } from './Workflow.js';
import { codeOf as code } from '../Errors/fakes/codeOf.js';

const base = defineWorkflow('wf').step('first', () => 1);

describe(defineWorkflow, () => {
  describe('when the input is valid', () => {
    it('should build an immutable workflow: each call returns a new one', () => {
      const extended = base.step('second', ({ input }) => input + 1);
      expect(base.stepNames).toStrictEqual(['first']);
      expect(extended.stepNames).toStrictEqual(['first', 'second']);
      expect(Object.isFrozen(base)).toBe(true);
      expect(extended.name).toBe('wf');
    });

    it('should chain step types, parallel outputs and compensation arguments', () => {
      const workflow = defineWorkflow<{ ids: number[] }>('typed')
        .step('count', ({ input }) => {
          expectTypeOf(input).toEqualTypeOf<{ ids: number[] }>();
          return input.ids.length;
        })
        .parallel('fan', {
          text: async ({ input }) => {
            expectTypeOf(input).toEqualTypeOf<number>();
            return String(input);
          },
          flag: () => true as boolean,
        })
        .step('done', ({ input }) => input, {
          compensate: (context, output) => {
            expectTypeOf(context).toEqualTypeOf<StepContext<{ text: string; flag: boolean }>>();
            expectTypeOf(output).toEqualTypeOf<{ text: string; flag: boolean }>();
          },
        });
      expectTypeOf(workflow).toEqualTypeOf<Workflow<{ ids: number[] }, { text: string; flag: boolean }>>();
      expectTypeOf(defineWorkflow('untyped')).toEqualTypeOf<Workflow<undefined, undefined>>();
    });
  });

  describe('when the input is bad', () => {
    it.each<[string, () => unknown, string]>([
      ['an empty name', () => defineWorkflow(''), BatonErrorCode.WorkflowInvalidName],
      ['a non-string name', () => defineWorkflow(42 as never), BatonErrorCode.WorkflowInvalidName],
      ['a duplicate step name', () => base.step('first', () => 2), BatonErrorCode.WorkflowDuplicateStep],
      ['a parallel group named like a step', () => base.parallel('first', { a: () => 1 }), BatonErrorCode.WorkflowDuplicateStep],
      ['an empty step name', () => base.step(' ', () => 2), BatonErrorCode.WorkflowInvalidStep],
      ['a step that is not a function', () => base.step('x', 'nope' as never), BatonErrorCode.WorkflowInvalidStep],
      ['a parallel member that is not a function', () => base.parallel('p', { a: 1 as never }), BatonErrorCode.WorkflowInvalidStep],
      ['an empty parallel group', () => base.parallel('p', {}), BatonErrorCode.WorkflowInvalidStep],
      ['a zero step timeout', () => base.step('x', () => 1, { timeout: 0 }), BatonErrorCode.WorkflowInvalidStep],
      ['a compensate that is not a function', () => base.step('x', () => 1, { compensate: 'undo' as never }), BatonErrorCode.WorkflowInvalidStep],
      ['retry attempts 0', () => base.step('x', () => 1, { retry: { attempts: 0 } }), BatonErrorCode.WorkflowInvalidRetry],
      ['retry attempts 1.5', () => base.step('x', () => 1, { retry: { attempts: 1.5 } }), BatonErrorCode.WorkflowInvalidRetry],
      ['an unknown backoff', () => base.step('x', () => 1, { retry: { attempts: 2, backoff: 'linear' as never } }), BatonErrorCode.WorkflowInvalidRetry],
      ['a negative delay', () => base.step('x', () => 1, { retry: { attempts: 2, delay: -1 } }), BatonErrorCode.WorkflowInvalidRetry],
      ['a jitter above 1', () => base.step('x', () => 1, { retry: { attempts: 2, jitter: 2 } }), BatonErrorCode.WorkflowInvalidRetry],
      [
        'a retryIf that is not a function',
        () => base.step('x', () => 1, { retry: { attempts: 2, retryIf: true as never } }),
        BatonErrorCode.WorkflowInvalidRetry,
      ],
      [
        'compensateRetry attempts 0',
        () => base.step('x', () => 1, { compensate: () => undefined, compensateRetry: { attempts: 0 } }),
        BatonErrorCode.WorkflowInvalidRetry,
      ],
      ['compensateRetry without compensate', () => base.step('x', () => 1, { compensateRetry: { attempts: 2 } }), BatonErrorCode.WorkflowInvalidRetry],
      ['a negative workflow timeout', () => base.options({ timeout: '-5s' }), BatonErrorCode.WorkflowInvalidOptions],
      ['an unknown overlap', () => base.options({ overlap: 'parallel' as never }), BatonErrorCode.WorkflowInvalidOptions],
      ['overlap allow 0', () => base.options({ overlap: { allow: 0 } }), BatonErrorCode.WorkflowInvalidOptions],
      ['an unknown missed policy', () => base.options({ missed: 'all' as never }), BatonErrorCode.WorkflowInvalidOptions],
      ['a zero catch-up window', () => base.options({ missed: { catchUp: 0 } }), BatonErrorCode.WorkflowInvalidOptions],
      ['a non-boolean compensateOnAbort', () => base.options({ compensateOnAbort: 'yes' as never }), BatonErrorCode.WorkflowInvalidOptions],
      ['an unknown requires', () => base.options({ requires: 'later' as never }), BatonErrorCode.WorkflowInvalidOptions],
      ['a history of 0', () => base.options({ history: 0 }), BatonErrorCode.WorkflowInvalidOptions],
      ['a schedule that is not a Schedule', () => base.schedule('5m' as never), BatonErrorCode.WorkflowInvalidOptions],
      ['a uses argument that is not a token', () => base.uses(undefined as never), BatonErrorCode.WorkflowInvalidOptions],
      ['an unknown step option', () => base.step('x', () => 1, { retries: 3 } as never), BatonErrorCode.WorkflowInvalidStep],
      ['an unknown parallel group option', () => base.parallel('p', { a: () => 1 }, { timeOut: '1s' } as never), BatonErrorCode.WorkflowInvalidStep],
      ['an unknown retry option', () => base.step('x', () => 1, { retry: { attempts: 2, jiter: 0.5 } as never }), BatonErrorCode.WorkflowInvalidRetry],
      [
        'an unknown compensateRetry option',
        () => base.step('x', () => 1, { compensate: () => undefined, compensateRetry: { attempts: 2, retryif: () => true } as never }),
        BatonErrorCode.WorkflowInvalidRetry,
      ],
      ['an unknown workflow option', () => base.options({ overlapp: 'skip' } as never), BatonErrorCode.WorkflowInvalidOptions],
    ])('should reject %s', (_what, action, expected) => {
      expect(code(action)).toBe(expected);
    });

    it('should name an unknown option key and the keys expected', () => {
      expect(() => base.step('charge', () => 1, { retries: 3 } as never)).toThrow(
        "Step 'charge' of workflow 'wf': unknown option 'retries'. Known options: retry, timeout, compensate, compensateRetry.",
      );
      expect(() => base.step('charge', () => 1, { retry: { attempts: 2, jiter: 0.5 } as never })).toThrow(
        "Step 'charge' of workflow 'wf': unknown retry option 'jiter'. Known options: attempts, backoff, delay, maxDelay, jitter, retryIf.",
      );
      expect(() => base.options({ overlapp: 'skip' } as never)).toThrow(
        "Workflow 'wf': unknown option 'overlapp'. Known options: timeout, overlap, missed, compensateOnAbort, requires, history, recovery, maxRecoveries.",
      );
    });

    it('should name the workflow, the step and the option in the message', () => {
      expect(() => base.step('charge', () => 1, { retry: { attempts: 0 } })).toThrow(
        "Step 'charge' of workflow 'wf': retry.attempts must be an integer >= 1 (total attempts, including the first); got 0.",
      );
    });
  });
});
