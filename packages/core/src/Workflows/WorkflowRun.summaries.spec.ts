import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunRecord } from '../Runs/RunRecord.js';
import { addWorkflow } from './addWorkflow.js';
import { defineWorkflow } from './defineWorkflow.js';
import type { Harness } from './fakes/createHarness.js';
import { createHarness } from './fakes/createHarness.js';
import type { Workflow } from './Workflow.js';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.stop();
  harness = undefined;
});

async function start(workflow: Workflow<unknown, unknown>): Promise<Harness> {
  harness = await createHarness((builder) => addWorkflow(builder, workflow));
  return harness;
}

async function run(h: Harness, name: string): Promise<RunRecord> {
  const record = h.workflows.trigger(name);
  await h.clock.advance(0);
  return record;
}

/** An array nested `depth` deep: `[[[...[]...]]]`, built without recursion. */
function nested(depth: number): unknown[] {
  let value: unknown[] = [];
  for (let level = 0; level < depth; level++) value = [value];
  return value;
}

/** An object that JSON.stringify and String() both throw on. */
function hostile(): object {
  return {
    toJSON() {
      throw new Error('no JSON');
    },
    toString() {
      throw new Error('no string');
    },
  };
}

function trap(): never {
  throw new Error('trap');
}

describe('WorkflowRun summaries', () => {
  describe('when a step outputs something JSON.stringify cannot write', () => {
    it.each<[string, () => unknown]>([
      ['a value nested 100,000 deep', () => nested(100_000)],
      ['an object whose toJSON and toString throw', hostile],
      ['an object with a Proxy whose traps throw', () => ({ proxy: new Proxy({}, { ownKeys: trap, getPrototypeOf: trap }) })],
    ])('should record the step as succeeded with a bounded summary, and run the later steps, for %s', async (_, output) => {
      const later: string[] = [];
      const h = await start(
        defineWorkflow('odd')
          .step('make', () => output())
          .step('after', () => {
            later.push('after');
            return 'done';
          }),
      );

      const record = await run(h, 'odd');

      expect([record.status, later, record.outputSummary]).toStrictEqual(['succeeded', ['after'], '"done"']);
      expect(record.steps.map((step) => step.status)).toStrictEqual(['succeeded', 'succeeded']);
      const summary = record.steps[0]!.outputSummary!;
      expect(summary.length).toBeLessThanOrEqual(2048);
      expect(await h.store.getRun(record.id)).toStrictEqual(record);
    });

    it('should summarise a deep value as its JSON text, cut at the limit', async () => {
      const h = await start(defineWorkflow('deep').step('make', () => nested(100_000)));

      const record = await run(h, 'deep');

      expect(record.outputSummary).toBe(`${'['.repeat(2047)}…`);
    });

    it('should mark the part it cannot read, and keep the rest', async () => {
      const h = await start(defineWorkflow('part').step('make', () => ({ ok: 1, bad: hostile(), after: [true] })));

      const record = await run(h, 'part');

      expect(record.outputSummary).toBe('{"ok":1,"bad":"[unserializable]","after":[true]}');
    });
  });

  describe('when an output holds the same object twice', () => {
    it('should write it both times, and mark only a real cycle as [circular]', async () => {
      const shared = { sku: 'A-1' };
      const cyclic: { name: string; self?: unknown } = { name: 'loop' };
      cyclic.self = cyclic;
      const h = await start(defineWorkflow('shared').step('make', () => ({ first: shared, second: shared, list: [shared, shared], cyclic })));

      const record = await run(h, 'shared');

      expect(record.outputSummary).toBe(
        '{"first":{"sku":"A-1"},"second":{"sku":"A-1"},"list":[{"sku":"A-1"},{"sku":"A-1"}],"cyclic":{"name":"loop","self":"[circular]"}}',
      );
    });
  });

  describe('when steps output large strings', () => {
    it('should not keep them alive through their summaries (20 runs of 10 MB, default history)', async () => {
      setFlagsFromString('--expose-gc');
      const gc = runInNewContext('gc') as () => void;
      let round = 0;
      // A fresh, flat 10 MB string per run, so no two runs share one.
      const h = await start(defineWorkflow('big').step('make', () => Buffer.alloc(10_000_000, 97 + (round++ % 26)).toString('latin1')));
      await run(h, 'big');
      gc();
      const before = process.memoryUsage().heapUsed;

      const records: RunRecord[] = [];
      for (let index = 0; index < 20; index++) records.push(await run(h, 'big'));
      gc();
      const grownMb = (process.memoryUsage().heapUsed - before) / 1_000_000;

      expect(records.map((record) => [record.status, record.outputSummary?.length])).toStrictEqual(Array.from({ length: 20 }, () => ['succeeded', 2048]));
      expect(grownMb).toBeLessThan(50);
    });
  });
});
