// The root README's "Three replicas on one PostgreSQL", as a test: three processes of the example (tsx, as
// `pnpm start` does) on one throwaway PostgreSQL (scripts/postgres.mjs) run each restock slot once between them.
import { PostgresDatabase } from '@baton/postgres';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error scripts/postgres.mjs is plain JavaScript without declarations.
import { startPostgres } from '../../../scripts/postgres.mjs';
import { ExampleProcess } from '../../../test/support/ExampleProcess.js';

const exampleDir = fileURLToPath(new URL('..', import.meta.url));

/** One replica: the example's process. */
class Replica extends ExampleProcess {
  constructor(env: Record<string, string>) {
    super(exampleDir, env);
  }

  /** The slots (scheduledAt) of the restock runs this replica started. */
  restockSlots(): number[] {
    return this.entries
      .filter((entry) => entry.message === 'Workflow run started' && entry.workflow === 'restock' && entry.trigger === 'schedule')
      .map((entry) => entry.scheduledAt as number);
  }
}

/** Polls `condition` every 50 ms until it holds; rejects naming `what` past the deadline. */
async function until(condition: () => boolean | Promise<boolean>, what: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}.`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('examples/shop on one PostgreSQL', () => {
  let server: { url: string; stop(): Promise<void> };
  let db: PostgresDatabase;

  beforeAll(async () => {
    server = (await startPostgres()) as typeof server;
    db = new PostgresDatabase({ url: server.url, poolSize: 1 });
  });

  afterAll(async () => {
    await db?.close();
    await server?.stop();
  });

  it('should run each restock slot on one of three replicas, and keep ticking once one is killed', async () => {
    const env = { PORT: '0', DATABASE_URL: server.url, RESTOCK_INTERVAL_MS: '500', LOW_STOCK_CHECK_INTERVAL_MS: '60000' };
    const replicas = [new Replica(env), new Replica(env), new Replica(env)];
    try {
      await until(() => replicas.every((replica) => replica.entries.some((entry) => entry.event === 'host:started')), 'three started replicas', 60_000);
      const restockRuns = async (): Promise<number> =>
        Number(
          (
            await db.query<{ n: number }>(
              'count',
              `SELECT count(*)::int AS n FROM baton.runs WHERE workflow = 'restock' AND trigger = 'schedule' AND status <> 'running'`,
            )
          )[0]!.n,
        );
      const before = await restockRuns();
      await until(async () => (await restockRuns()) >= before + 6, 'six more restock slots run', 30_000);

      replicas[1]!.kill('SIGKILL');
      await replicas[1]!.exited;
      const afterKill = await restockRuns();
      await until(async () => (await restockRuns()) >= afterKill + 4, 'four more restock slots run by the two left', 30_000);

      for (const replica of [replicas[0]!, replicas[2]!]) replica.kill('SIGINT');
      expect(await replicas[0]!.exited, replicas[0]!.lines.join('\n')).toStrictEqual({ code: 0, signal: null });
      expect(await replicas[2]!.exited, replicas[2]!.lines.join('\n')).toStrictEqual({ code: 0, signal: null });
    } finally {
      for (const replica of replicas) replica.kill('SIGKILL');
    }

    // Once per slot: in the database (its unique key would refuse a second claim anyway) and in what the replicas did.
    const [row] = await db.query<{ runs: number; slots: number; running: number }>(
      'check',
      `SELECT count(*)::int AS runs, count(DISTINCT scheduled_at)::int AS slots, (count(*) FILTER (WHERE status = 'running'))::int AS running
       FROM baton.runs WHERE workflow = 'restock' AND trigger = 'schedule'`,
    );
    expect(row!.runs).toBe(row!.slots);
    const started = replicas.flatMap((replica) => replica.restockSlots());
    expect(new Set(started).size, 'no slot started on two replicas').toBe(started.length);
    expect(started.length).toBeGreaterThanOrEqual(10);
    // A run in flight on the killed replica stays `running` until its lease expires and another replica takes it over.
    expect(row!.running).toBeLessThanOrEqual(1);
  });
});
