import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunRecord } from '../Runs/RunRecord.js';
import { Serializer } from '../Runs/Serializer.js';
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

/**
 * A Serializer that checkpoints a reference instead of the value, as an app whose outputs live elsewhere may register:
 * it accepts any output, so the summary sees outputs the default JsonSerializer would refuse, and it keeps no part of
 * an output, so only the summary could keep one alive. (It does not round-trip; these specs never resume a run.)
 */
const byReference: Serializer = {
  serialize: (value) => JSON.stringify(typeof value),
  deserialize: (text) => JSON.parse(text) as unknown,
};

async function start(workflow: Workflow<unknown, unknown>, serializer?: Serializer): Promise<Harness> {
  harness = await createHarness((builder) => {
    if (serializer !== undefined) builder.services.addSingleton(Serializer, { useValue: serializer });
    addWorkflow(builder, workflow);
  });
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
  describe('when a step outputs something JSON.stringify cannot write, and the Serializer takes it', () => {
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
        byReference,
      );

      const record = await run(h, 'odd');

      expect([record.status, later, record.outputSummary]).toStrictEqual(['succeeded', ['after'], '"done"']);
      expect(record.steps.map((step) => step.status)).toStrictEqual(['succeeded', 'succeeded']);
      const summary = record.steps[0]!.outputSummary!;
      expect(summary.length).toBeLessThanOrEqual(2048);
      expect(await h.store.getRun(record.id)).toStrictEqual(record);
    });

    it('should summarise a deep value as its JSON text, cut at the limit', async () => {
      const h = await start(
        defineWorkflow('deep').step('make', () => nested(100_000)),
        byReference,
      );

      const record = await run(h, 'deep');

      expect(record.outputSummary).toBe(`${'['.repeat(2047)}…`);
    });

    it('should mark the part it cannot read, and keep the rest', async () => {
      const h = await start(
        defineWorkflow('part').step('make', () => ({ ok: 1, bad: hostile(), after: [true] })),
        byReference,
      );

      const record = await run(h, 'part');

      expect(record.outputSummary).toBe('{"ok":1,"bad":"[unserializable]","after":[true]}');
    });
  });

  describe('when an output holds the same object twice', () => {
    it('should write it both times, as the checkpoint does', async () => {
      const shared = { sku: 'A-1' };
      const h = await start(defineWorkflow('shared').step('make', () => ({ first: shared, second: shared, list: [shared, shared] })));

      const record = await run(h, 'shared');

      expect([record.status, record.outputSummary]).toStrictEqual([
        'succeeded',
        '{"first":{"sku":"A-1"},"second":{"sku":"A-1"},"list":[{"sku":"A-1"},{"sku":"A-1"}]}',
      ]);
    });

    it('should mark only a real cycle as [circular]', async () => {
      const shared = { sku: 'A-1' };
      const cyclic: { name: string; shared: object; self?: unknown } = { name: 'loop', shared };
      cyclic.self = cyclic;
      const h = await start(
        defineWorkflow('cyclic').step('make', () => ({ shared, cyclic })),
        byReference,
      );

      const record = await run(h, 'cyclic');

      expect(record.outputSummary).toBe('{"shared":{"sku":"A-1"},"cyclic":{"name":"loop","shared":{"sku":"A-1"},"self":"[circular]"}}');
    });
  });

  describe('when steps output large strings', () => {
    // With the default JsonSerializer a 10 MB output is over the 1 MB checkpoint limit and fails its step; with one
    // that checkpoints a reference, the output's summary is all that is left of it once the run ends.
    it('should not keep them alive through their summaries (20 runs of 10 MB, default history)', async () => {
      setFlagsFromString('--expose-gc');
      const gc = runInNewContext('gc') as () => void;
      let round = 0;
      // A fresh, flat 10 MB string per run, so no two runs share one.
      const h = await start(
        defineWorkflow('big').step('make', () => Buffer.alloc(10_000_000, 97 + (round++ % 26)).toString('latin1')),
        byReference,
      );
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
