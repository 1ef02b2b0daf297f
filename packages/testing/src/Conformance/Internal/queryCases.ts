import { BatonErrorCode, type RunPage, type RunQuery } from '@baton/core';
import type { CaseDefinition } from './CaseDefinition.js';
import { Check } from './Check.js';
import type { ConformanceContext } from './ConformanceContext.js';
import { seedRuns, type SeededRun, type SeedSpec } from './seedRuns.js';

// Started relative to the clock's now, in creation order: ties at 1 s, 3 s (three of them) and 5 s, a run created
// late that started early, and one that started before the others.
const MIXED: readonly SeedSpec[] = [
  { workflow: 'wf-a', trigger: 'schedule', status: 'succeeded', startedAfterMs: 0 },
  { workflow: 'wf-a', trigger: 'schedule', status: 'failed', startedAfterMs: 1_000 },
  { workflow: 'wf-b', trigger: 'manual', status: 'succeeded', startedAfterMs: 1_000 },
  { workflow: 'wf-a', trigger: 'schedule', status: 'running', startedAfterMs: 2_000 },
  { workflow: 'wf-b', trigger: 'schedule', status: 'skipped', startedAfterMs: 3_000 },
  { workflow: 'wf-c', trigger: 'manual', status: 'cancelled', startedAfterMs: 3_000 },
  { workflow: 'wf-a', trigger: 'manual', status: 'failed', startedAfterMs: 3_000 },
  { workflow: 'wf-b', trigger: 'schedule', status: 'running', startedAfterMs: 500 },
  { workflow: 'wf-c', trigger: 'schedule', status: 'timed_out', startedAfterMs: 4_000 },
  { workflow: 'wf-a', trigger: 'schedule', status: 'compensated', startedAfterMs: 5_000 },
  { workflow: 'wf-b', trigger: 'manual', status: 'running', startedAfterMs: 5_000 },
  { workflow: 'wf-c', trigger: 'schedule', status: 'succeeded', startedAfterMs: -1_000 },
];

/** The ids of the seeded runs that `query`'s filters select, newest first: by startedAt, then by creation. */
function expectedIds(seeded: readonly SeededRun[], query: RunQuery = {}): string[] {
  const { workflow, status, trigger, from = -Infinity, to = Infinity } = query;
  const workflows = workflow === undefined ? undefined : typeof workflow === 'string' ? [workflow] : workflow;
  return seeded
    .filter((run) => (workflows === undefined || workflows.includes(run.workflow)) && (status === undefined || status.includes(run.status)))
    .filter((run) => (trigger === undefined || run.trigger === trigger) && run.startedAt >= from && run.startedAt < to)
    .sort((a, b) => b.startedAt - a.startedAt || b.created - a.created)
    .map((run) => run.id);
}

/** Every page of `query`, following nextCursor; checks each page's size and that only the last has no cursor. */
async function allPages(t: ConformanceContext, query: RunQuery, limit: number, between?: () => Promise<void>): Promise<string[]> {
  const ids: string[] = [];
  let page: RunPage = await t.store.queryRuns({ ...query, limit });
  for (let pages = 1; ; pages++) {
    Check.that(page.runs.length <= limit, `a page of queryRuns ${JSON.stringify({ ...query, limit })} holds ${page.runs.length} runs`);
    ids.push(...page.runs.map((run) => run.id));
    if (page.nextCursor === undefined) return ids;
    Check.that(page.runs.length === limit, `a page with a nextCursor holds ${page.runs.length} of ${limit} runs; only the last page may be short`);
    Check.that(pages < 1_000, 'queryRuns kept returning a nextCursor');
    await between?.();
    page = await t.store.queryRuns({ ...query, limit, cursor: page.nextCursor });
  }
}

/** The same spec `count` times, spread over `workflows`, with start times that tie in threes. */
function many(count: number, workflows: readonly string[]): SeedSpec[] {
  return Array.from({ length: count }, (_, index) => ({
    workflow: workflows[index % workflows.length]!,
    trigger: index % 4 === 0 ? 'manual' : 'schedule',
    status: index % 5 === 0 ? 'running' : 'succeeded',
    startedAfterMs: Math.floor(index / 3) * 1_000 * (index % 2 === 0 ? 1 : -1),
  }));
}

/** Queries: filters, newest-first order, cursor pagination and refused filters. */
export const queryCases: readonly CaseDefinition[] = [
  {
    name: 'queries: each filter of queryRuns selects exactly the matching runs, newest first',
    async run(t) {
      const seeded: readonly SeededRun[] = await seedRuns(t, MIXED);
      const base = t.clock.now();
      const queries: RunQuery[] = [
        {},
        { workflow: 'wf-a' },
        { workflow: ['wf-a', 'wf-c'] },
        { workflow: 'no-such-workflow' },
        { status: ['failed'] },
        { status: ['running', 'skipped'] },
        { trigger: 'manual' },
        { trigger: 'schedule' },
        { from: base + 1_000 },
        { to: base + 3_000 },
        { from: base + 1_000, to: base + 3_000 },
        { from: base + 3_000, to: base + 3_000 },
        { workflow: ['wf-a', 'wf-b'], status: ['failed', 'succeeded', 'running'], trigger: 'schedule', from: base, to: base + 5_000 },
      ];
      for (const query of queries) {
        const page = await t.store.queryRuns({ ...query, limit: 500 });
        Check.same(
          page.runs.map((run) => run.id),
          expectedIds(seeded, query),
          `the runs of queryRuns(${JSON.stringify(query)})`,
        );
        Check.that(page.nextCursor === undefined, `queryRuns(${JSON.stringify(query)}) with every match on one page gives no nextCursor`);
      }
      const everything = await t.store.queryRuns({ limit: 500 });
      Check.same(everything.runs, await Promise.all(everything.runs.map((run) => t.read(run.id))), 'queryRuns gives the runs as getRun does');
    },
  },
  {
    name: 'queries: listRuns, lastRun and queryRuns order runs newest first, by startedAt then by creation',
    async run(t) {
      const base = t.clock.now();
      const seeded = await seedRuns(t, MIXED);
      Check.same(
        (await t.store.queryRuns({})).runs.map((run) => run.id),
        expectedIds(seeded),
        'queryRuns() with the default page size',
      );
      for (const workflow of ['wf-a', 'wf-b', 'wf-c']) {
        const expected = expectedIds(seeded, { workflow });
        Check.same(
          (await t.store.listRuns(workflow)).map((run) => run.id),
          expected,
          `listRuns('${workflow}')`,
        );
        Check.same(
          (await t.store.listRuns(workflow, { limit: 2 })).map((run) => run.id),
          expected.slice(0, 2),
          `listRuns('${workflow}', { limit: 2 })`,
        );
        Check.that((await t.store.lastRun(workflow))?.id === expected[0], `lastRun('${workflow}') is its newest run`);
      }
      // wf-c's scheduled runs are the 9th and the 12th created: seedRuns gives each run a slot a minute after the last.
      Check.that((await t.store.lastScheduledAt('wf-c')) === base + 11 * 60_000, 'lastScheduledAt is the latest slot, whatever the start times');
    },
  },
  {
    name: 'queries: cursor pagination returns every matching run exactly once, in order',
    async run(t) {
      const seeded = await seedRuns(t, many(55, ['wf-a', 'wf-b', 'wf-c']));
      for (const limit of [1, 5, 11, 55, 500]) {
        Check.same(await allPages(t, {}, limit), expectedIds(seeded), `every page of queryRuns({ limit: ${limit} })`);
      }
      const filtered: RunQuery = { workflow: ['wf-a', 'wf-c'], status: ['succeeded'], trigger: 'schedule' };
      Check.same(await allPages(t, filtered, 4), expectedIds(seeded, filtered), `every page of queryRuns(${JSON.stringify(filtered)})`);
      const first = await t.store.queryRuns({});
      Check.same(
        first.runs.map((run) => run.id),
        expectedIds(seeded).slice(0, 50),
        'the first page of queryRuns() holds 50 runs by default',
      );
      Check.that(first.nextCursor !== undefined, 'queryRuns() over 55 runs gives a nextCursor after the first 50');
    },
  },
  {
    name: 'queries: a run created between two pages does not shift the pages after it',
    async run(t) {
      const seeded = await seedRuns(t, many(20, ['wf-a', 'wf-b']));
      let added = 0;
      const ids = await allPages(t, {}, 3, async () => {
        await t.create(t.run({ workflow: 'wf-a', trigger: 'manual', startedAt: t.clock.now() + 3_600_000 + added++ }));
      });
      Check.same(ids, expectedIds(seeded), 'every page of queryRuns({ limit: 3 }), with a newer run created before each next page');
    },
  },
  {
    name: 'queries: invalid filters are refused with BATON_ERR_RUNS_INVALID_QUERY',
    async run(t) {
      await seedRuns(t, MIXED.slice(0, 3));
      const invalid: Record<string, unknown>[] = [
        { limit: 0 },
        { limit: 501 },
        { limit: 2.5 },
        { limit: Number.NaN },
        { status: ['nope'] },
        { status: 'running' },
        { trigger: 'cron' },
        { from: Number.NaN },
        { to: Number.POSITIVE_INFINITY },
        { from: t.clock.now() + 1, to: t.clock.now() },
        { cursor: 'not-a-cursor' },
        { cursor: 42 },
        { workflow: 42 },
        { workflow: ['wf-a', 42] },
      ];
      for (const query of invalid) {
        await Check.fails(
          () => t.store.queryRuns(query as RunQuery),
          BatonErrorCode.RunsInvalidQuery,
          `queryRuns(${JSON.stringify(query, (_, value: unknown) => (typeof value === 'number' && !Number.isFinite(value) ? String(value) : value))})`,
        );
      }
      for (const limit of [1, 500]) {
        Check.that((await t.store.queryRuns({ limit })).runs.length === Math.min(limit, 3), `queryRuns({ limit: ${limit} }) is a valid query`);
      }
    },
  },
];
