import type { RunRecord } from '@baton/core';
import type { CaseDefinition } from './CaseDefinition.js';
import { Check } from './Check.js';
import { TTL_MS } from './ConformanceContext.js';

// Checkpoints are text from the host's Serializer: any well-formed string without NUL (JSON escapes both lone
// surrogates and control characters, and PostgreSQL's text refuses NUL).
const UNICODE = 'héllo wörld · 日本語 · مرحبا · 👩‍👩‍👧‍👦 · e\u0301 · \u2028\u2029 · "quoted" \\ back\\slash\n\ttab';
const CHECKPOINTS: ReadonlyArray<readonly [string, string]> = [
  ['an empty string', ''],
  ['JSON', JSON.stringify({ sku: 'A-1', quantity: 3, tags: ['x', 'y'], nested: { ok: true, none: null } })],
  ['unicode', UNICODE],
  ['JSON of unicode', JSON.stringify({ text: UNICODE })],
  ['~100 KB of ASCII', JSON.stringify('x'.repeat(100_000))],
  ['~100 K characters of unicode', JSON.stringify(UNICODE.repeat(Math.ceil(100_000 / UNICODE.length)))],
];

/** The first 100 characters of `text`, cut between code points: a display summary. */
function summary(text: string): string {
  return Array.from(text).slice(0, 100).join('');
}

/** Checks that `actual` is exactly `expected`, without printing 100 KB when it is not. */
function sameText(actual: string | undefined, expected: string, what: string): void {
  if (actual === expected) return;
  if (actual === undefined) throw new Error(`${what} is missing; expected ${expected.length} characters.`);
  let at = 0;
  while (at < Math.min(actual.length, expected.length) && actual[at] === expected[at]) at++;
  Check.that(
    false,
    `${what} does not round-trip: ${actual.length} characters for ${expected.length}, first difference at ${at}: ${JSON.stringify(actual.slice(at, at + 20))} for ${JSON.stringify(expected.slice(at, at + 20))}.`,
  );
}

/** Checks the input and the step outputs of `run`, as one read returned it. */
function sameCheckpoints(run: RunRecord | undefined, read: string): void {
  Check.that(run !== undefined, `${read} did not return the run`);
  for (const [index, [what, checkpoint]] of CHECKPOINTS.entries()) {
    const step = run.steps.find((candidate) => candidate.name === `step-${index}`);
    sameText(step?.output, checkpoint, `The output of a step (${what}) read by ${read}`);
    sameText(step?.outputSummary, summary(checkpoint), `The output summary of a step (${what}) read by ${read}`);
  }
}

/** Checkpoints: the strings a run resumes from come back exactly as written, through every read. */
export const checkpointCases: readonly CaseDefinition[] = [
  {
    name: "checkpoints: a run's input and its steps' outputs round-trip exactly, large and unicode ones included",
    async run(t) {
      for (const [what, checkpoint] of CHECKPOINTS) {
        const run = t.run({ trigger: 'manual', input: checkpoint, inputSummary: summary(checkpoint) });
        await t.create(run);
        const stored = await t.read(run.id);
        sameText(stored.input, checkpoint, `The input (${what})`);
        sameText(stored.inputSummary, summary(checkpoint), `The input summary (${what})`);
      }

      const run = t.run({ scheduledAt: t.clock.now() + 60_000 });
      await t.create(run);
      for (const [index, [, checkpoint]] of CHECKPOINTS.entries()) {
        await t.recordStep(
          run.id,
          t.lease(),
          t.step(`step-${index}`, { status: 'succeeded', finishedAt: t.clock.now(), output: checkpoint, outputSummary: summary(checkpoint) }),
        );
      }
      sameCheckpoints(await t.store.getRun(run.id), 'getRun');
      sameCheckpoints(
        (await t.store.listRuns(run.workflow)).find((candidate) => candidate.id === run.id),
        'listRuns',
      );
      sameCheckpoints(
        (await t.store.queryRuns({ limit: 500 })).runs.find((candidate) => candidate.id === run.id),
        'queryRuns',
      );
      await t.advance(TTL_MS + 1);
      sameCheckpoints(
        (await t.store.expiredRuns(100)).find((candidate) => candidate.id === run.id),
        'expiredRuns',
      );
      sameCheckpoints(await t.store.takeOver(run.id, { kind: 'recovered', owner: 'engine-b', ttlMs: TTL_MS, from: ['running'], epoch: 1 }), 'takeOver');
    },
  },
  {
    name: "checkpoints: a run taken over carries its input and every completed step's output, and its new owner carries on",
    async run(t) {
      const input = JSON.stringify({ order: 'o-1', lines: Array.from({ length: 500 }, (_, line) => ({ line, sku: `SKU-${line}`, note: UNICODE })) });
      const run = t.run({ input });
      await t.create(run, t.lease('engine-a'));
      const outputs = ['"reserved"', JSON.stringify({ charge: 'ch_1', amount: 1999 }), JSON.stringify('z'.repeat(100_000))];
      for (const [index, output] of outputs.entries()) {
        await t.recordStep(run.id, t.lease('engine-a'), t.step(`step-${index}`, { status: 'succeeded', finishedAt: t.clock.now(), output }));
      }
      await t.recordStep(run.id, t.lease('engine-a'), t.step('step-3'));
      await t.advance(TTL_MS + 1);

      const taken = await t.takeOver(run.id, { kind: 'recovered', owner: 'engine-b', ttlMs: TTL_MS, from: ['running'], epoch: 1 });
      sameText(taken.input, input, 'The input of the run as takeOver resolved it');
      Check.same(
        taken.steps.map((step) => [step.name, step.status]),
        [
          ['step-0', 'succeeded'],
          ['step-1', 'succeeded'],
          ['step-2', 'succeeded'],
          ['step-3', 'running'],
        ],
        'the steps of the run taken over',
      );
      for (const [index, output] of outputs.entries()) sameText(taken.steps[index]?.output, output, `The output of step-${index} as takeOver resolved it`);

      await t.recordStep(run.id, t.lease('engine-b', 2), t.step('step-3', { status: 'succeeded', finishedAt: t.clock.now(), output: '"shipped"' }));
      await t.finishRun(run.id, t.lease('engine-b', 2), { status: 'succeeded', finishedAt: t.clock.now(), outputSummary: '"shipped"' });
      const done = await t.read(run.id);
      Check.same(
        done.steps.map((step) => step.output),
        [...outputs, '"shipped"'],
        'the outputs of the run its new owner finished',
      );
      sameText(done.input, input, 'The input of the run its new owner finished');
    },
  },
];
