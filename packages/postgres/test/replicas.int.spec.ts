// Two hosts (createHost) on one database play two replicas of an app: each one-second slot runs exactly once, and a
// run whose owner died is resumed by the other host from its last completed step.
import {
  NullLogger,
  RunStore,
  Workflows,
  addWorkflow,
  configureWorkflows,
  cron,
  defineWorkflow,
  every,
  token,
  type RunRecord,
  type Schedule,
} from '@baton/core';
import { createHost, type Host } from '@baton/host';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PostgresDatabase, PostgresDatabaseToken, addPostgres } from '../src/index.js';
import { createTestDatabase, type TestDatabase } from './createTestDatabase.js';
import { until } from './until.js';

let database: TestDatabase;
let reader: PostgresDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
  reader = new PostgresDatabase({ url: database.url });
});

afterAll(async () => {
  await reader.close();
  await database.drop();
});

/** Which replica a step runs on, bound per host. */
const Replica = token<{ readonly name: string; readonly hang: boolean }>('test/Replica');

function replica(name: string, schema: string, register: (host: Host) => void, hang = false): Host {
  const host = createHost({ logger: NullLogger, name });
  addPostgres(host, { url: database.url, schema });
  configureWorkflows(host, { leaseTtl: '1s', heartbeat: '300ms', recoveryInterval: '200ms' });
  host.services.addSingleton(Replica, { useValue: { name, hang } });
  register(host);
  return host;
}

describe('two replicas on one database', () => {
  async function runSlots(schedule: Schedule, schema: string, startTogether: boolean): Promise<void> {
    const effects: { slot: number; replica: string }[] = [];
    const tick = defineWorkflow('tick')
      .schedule(schedule)
      .uses(Replica)
      .step('effect', ({ run, get }) => void effects.push({ slot: run.scheduledAt, replica: get(Replica).name }));
    const hosts = ['a', 'b'].map((name) => replica(name, schema, (host) => addWorkflow(host, tick)));
    let lost = 0;
    if (startTogether) {
      await Promise.all(hosts.map((host) => host.start()));
    } else {
      // every() anchors its grid on the store's latest slot at start: the second replica joins the first one's grid.
      await hosts[0]!.start();
      await until(() => effects.length > 0, 'the first slot');
      await hosts[1]!.start();
    }
    for (const host of hosts) host.provider.get(Workflows).on('tick.skipped', ({ reason }) => void (reason === 'claimed' && lost++));
    try {
      await until(() => new Set(effects.map((effect) => effect.slot)).size >= 4, 'four slots to run');
    } finally {
      await Promise.all(hosts.map((host) => host.stop()));
    }

    const slots = effects.map((effect) => effect.slot);
    expect(new Set(slots).size, `each slot's step ran once: ${JSON.stringify(effects)}`).toBe(slots.length);
    expect(lost, 'ticks the other replica found claimed').toBeGreaterThan(0);
    const rows = await reader.query<{ scheduled_at: number; status: string }>(
      'read',
      `SELECT scheduled_at, status FROM ${schema}.runs WHERE workflow = 'tick' AND trigger = 'schedule' ORDER BY scheduled_at`,
    );
    // Every slot from the first to the last one that ran has exactly one run, one second apart, and it succeeded.
    const ran = rows.filter((row) => row.scheduled_at <= Math.max(...slots));
    expect(ran.map((row) => row.scheduled_at)).toStrictEqual([...slots].sort((x, y) => x - y));
    expect(ran.every((row) => row.status === 'succeeded')).toBe(true);
    for (let index = 1; index < ran.length; index++) expect(ran[index]!.scheduled_at - ran[index - 1]!.scheduled_at).toBe(1_000);
  }

  it('should run each slot of a one-second cron schedule exactly once, the replicas starting together', async () => {
    await runSlots(cron('* * * * * *'), 'slots_cron', true);
  });

  it('should run each slot of every(1s) exactly once, the second replica joining the first', async () => {
    await runSlots(every('1s'), 'slots_every', false);
  });

  it("should resume a run whose owner died from its last completed step, on the other replica, once the owner's lease expired", async () => {
    const calls: string[] = [];
    const job = defineWorkflow<number>('job')
      .uses(Replica)
      .options({ recovery: 'resume' })
      .step('load', ({ input, get }) => {
        calls.push(`load@${get(Replica).name}`);
        return input * 2;
      })
      .step('store', async ({ input, get, signal }) => {
        const { name, hang } = get(Replica);
        calls.push(`store@${name}`);
        // The first owner hangs here until it is fenced, as a process would whose connection to the database died.
        if (hang) await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
        return input + 1;
      });
    const doomed = replica('doomed', 'recovery', (host) => addWorkflow(host, job), true);
    await doomed.start();
    const run = doomed.provider
      .get(Workflows)
      .trigger('job', 20)
      .catch(() => undefined);
    await until(() => calls.includes('store@doomed'), 'the first owner to reach the second step');
    const [started] = await doomed.provider.get(RunStore).listRuns('job', { limit: 1 });

    // The owner "dies": its pool goes away, so it can neither renew its lease nor write.
    await doomed.provider.get(PostgresDatabaseToken).close();
    const survivor = replica('survivor', 'recovery', (host) => addWorkflow(host, job));
    await survivor.start();
    try {
      let finished: RunRecord | undefined;
      await until(async () => {
        finished = await survivor.provider.get(RunStore).getRun(started!.id);
        return finished?.status === 'succeeded';
      }, 'the survivor to finish the run');
      expect(calls).toStrictEqual(['load@doomed', 'store@doomed', 'store@survivor']);
      expect(finished!.recoveries).toMatchObject([{ kind: 'recovered', previousOwner: started!.owner, previousEpoch: 1, epoch: 2 }]);
      expect(finished!.steps.map((step) => [step.name, step.status, step.output])).toStrictEqual([
        ['load', 'succeeded', '40'],
        ['store', 'succeeded', '41'],
      ]);
    } finally {
      await survivor.stop();
      await doomed.stop();
      await run;
    }
  });
});
