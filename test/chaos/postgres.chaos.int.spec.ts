// Chaos on PostgreSQL (issue 11): three host processes (chaosHost.mjs, on the built packages) on one throwaway
// PostgreSQL run a three-step workflow every second and a singleton BackgroundService. Every 3 to 5 s one process is
// killed with SIGKILL (half the time while one of its steps is in flight, a quarter the singleton's holder)
// and started again; PostgreSQL is restarted once, half-way. Then the test checks what the issue lists: no tick ran
// twice, no completed step ran again after a recovery, every slot of the window completed (or is recorded failed or
// abandoned, with a reason), no run is left running, and the singleton's tokens never went back. It prints the
// figures.
//
// BATON_CHAOS_SECONDS sets how long the chaos lasts (default 60); BATON_CHAOS_SEED fixes the victims and delays
// (printed with the figures, to replay a run). The test starts its own server: it restarts it, which would break any
// other test sharing one.
import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { startPostgres } from '../../scripts/postgres.mjs';
import { PostgresDatabase, PostgresRunStore } from '../../packages/postgres/src/index.js';
import type { RunRecord } from '../../packages/core/src/index.js';

const CHAOS_SECONDS = Number(process.env.BATON_CHAOS_SECONDS ?? 60);
const SEED = Number(process.env.BATON_CHAOS_SEED ?? Date.now() % 2 ** 31);
const LEASE_TTL_MS = 3000;
const REPLICAS = 3;
const hostScript = fileURLToPath(new URL('./chaosHost.mjs', import.meta.url));
const pg = createRequire(fileURLToPath(new URL('../../packages/postgres/package.json', import.meta.url)))('pg') as typeof import('pg');

/** mulberry32: the same victims and delays for the same seed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Polls `check` until it returns a value other than undefined, or fails after `timeoutMs` saying `what`. */
async function waitFor<T>(what: string, timeoutMs: number, check: () => Promise<T | undefined> | T | undefined): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

interface Replica {
  readonly child: ChildProcess;
  readonly pid: number;
  readonly exited: Promise<void>;
  output: string;
}

describe('chaos: three host processes on one PostgreSQL', () => {
  let server: Awaited<ReturnType<typeof startPostgres>> | undefined;
  const replicas: Replica[] = [];

  afterAll(async () => {
    for (const replica of replicas) replica.child.kill('SIGKILL');
    await Promise.all(replicas.map((replica) => replica.exited));
    await server?.stop();
  });

  it(
    'runs every tick once, resumes interrupted runs without re-running completed steps, and fences the singleton',
    async () => {
      server = await startPostgres();
      const sql = new pg.Pool({ connectionString: server.url, max: 2 });
      sql.on('error', () => {});
      await sql.query(`
        CREATE TABLE chaos_executions (id bigserial PRIMARY KEY, run_id text NOT NULL, step text NOT NULL, pid int NOT NULL,
          started_at timestamptz NOT NULL DEFAULT clock_timestamp(), finished_at timestamptz);
        CREATE TABLE chaos_effects (run_id text NOT NULL, step text NOT NULL, execution bigint NOT NULL, PRIMARY KEY (run_id, step));
        CREATE TABLE chaos_singleton (id bigserial PRIMARY KEY, fence bigint NOT NULL, pid int NOT NULL, at timestamptz NOT NULL DEFAULT clock_timestamp());`);
      const query = async <R extends object>(text: string, values: unknown[] = []): Promise<R[]> => {
        // The server restarts once: a query meanwhile waits for it to come back.
        for (let attempt = 0; ; attempt++) {
          try {
            return (await sql.query(text, values)).rows as R[];
          } catch (error) {
            if (attempt >= 100) throw error;
            await new Promise((resolve) => setTimeout(resolve, 100));
          }
        }
      };

      const startReplica = async (): Promise<Replica> => {
        const child = spawn(process.execPath, [hostScript], {
          env: { ...process.env, DATABASE_URL: server!.url, CHAOS_LEASE_TTL_MS: String(LEASE_TTL_MS) },
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
        const replica: Replica = { child, pid: child.pid!, exited, output: '' };
        child.stdout!.on('data', (chunk: Buffer) => (replica.output += chunk.toString()));
        child.stderr!.on('data', (chunk: Buffer) => (replica.output += chunk.toString()));
        replicas.push(replica);
        let gone = false;
        void exited.then(() => (gone = true));
        await waitFor(`replica ${replica.pid} to start`, 30_000, () => {
          if (gone) throw new Error(`Replica ${replica.pid} exited before it was ready:\n${replica.output}`);
          return replica.output.includes('"event":"ready"') ? true : undefined;
        });
        return replica;
      };
      const live = () => replicas.filter((replica) => replica.child.exitCode === null && replica.child.signalCode === null);

      for (let i = 0; i < REPLICAS; i++) await startReplica();
      const windowStart = Math.ceil((Date.now() + 1000) / 1000) * 1000;
      const random = prng(SEED);
      const chaosEnd = Date.now() + CHAOS_SECONDS * 1000;
      const restartAt = Date.now() + (CHAOS_SECONDS * 1000) / 2;
      let restartedAt: number | undefined;
      const kills: { at: number; pid: number; kind: 'mid-step' | 'singleton' | 'random'; runId?: string; fence?: number }[] = [];

      while (Date.now() < chaosEnd) {
        // The chaos's own pace: a kill every 3 to 5 s.
        await new Promise((resolve) => setTimeout(resolve, 3000 + 2000 * random()));
        if (restartedAt === undefined && Date.now() >= restartAt) {
          restartedAt = Date.now();
          await server.restart();
          continue;
        }
        const pids = live().map((replica) => replica.pid);
        // Half the kills mid-step, a quarter the singleton's holder, a quarter at random, in that rotation: the first
        // kill is mid-step, so even a short run of the test recovers a run.
        const kind = (['mid-step', 'singleton', 'mid-step', 'random'] as const)[kills.length % 4];
        let kill: (typeof kills)[number];
        if (kind === 'mid-step') {
          // Mid-step: a replica with a step in flight that started in the last 100 ms (50 ms or more before its end).
          const busy = await waitFor('a step in flight', 3000, async () => {
            const rows = await query<{ pid: number; run_id: string }>(
              `SELECT pid, run_id FROM chaos_executions WHERE finished_at IS NULL AND started_at > clock_timestamp() - interval '100 ms' AND pid = ANY($1) ORDER BY id DESC LIMIT 1`,
              [pids],
            );
            return rows[0];
          });
          kill = { at: Date.now(), pid: busy.pid, kind: 'mid-step', runId: busy.run_id };
        } else if (kind === 'singleton') {
          const [holder] = await query<{ pid: number; fence: string }>('SELECT pid, fence FROM chaos_singleton ORDER BY id DESC LIMIT 1');
          kill =
            holder !== undefined && pids.includes(holder.pid)
              ? { at: Date.now(), pid: holder.pid, kind: 'singleton', fence: Number(holder.fence) }
              : { at: Date.now(), pid: pids[Math.floor(random() * pids.length)]!, kind: 'random' };
        } else {
          kill = { at: Date.now(), pid: pids[Math.floor(random() * pids.length)]!, kind: 'random' };
        }
        const victim = replicas.find((replica) => replica.pid === kill.pid)!;
        victim.child.kill('SIGKILL');
        kills.push(kill);
        await victim.exited;
        await startReplica();
      }
      const windowEnd = Math.floor((chaosEnd - 1000) / 1000) * 1000;
      const lastKillAt = Date.now();

      const database = new PostgresDatabase({ url: server.url });
      const store = new PostgresRunStore(database);
      const runsOf = async (): Promise<RunRecord[]> => store.listRuns('chaos');
      // Every run started before the chaos ended (the window's, and those the last kills interrupted) ends, one way
      // or another, while the replicas keep running: within a deadline, then the assertions say which did not.
      const beforeTheEnd = (run: RunRecord) => run.startedAt < lastKillAt;
      await waitFor('every run of the chaos to end', 6 * LEASE_TTL_MS + 30_000, async () =>
        (await runsOf()).some((run) => beforeTheEnd(run) && run.status === 'running') ? undefined : true,
      ).catch(() => undefined);
      // The singleton's last holder killed by the chaos is taken over by a standby, while the replicas keep running:
      // a short run of the test can end its chaos with that kill, and a stop before the takeover would see one token.
      const lastHolderKill = kills.filter((kill) => kill.kind === 'singleton').at(-1);
      if (lastHolderKill !== undefined) {
        await waitFor('the singleton to be taken over after its holder was killed', 3 * LEASE_TTL_MS + 10_000, async () =>
          (await query('SELECT 1 AS taken FROM chaos_singleton WHERE fence > $1 LIMIT 1', [lastHolderKill.fence])).length > 0 ? true : undefined,
        ).catch(() => undefined);
      }
      if (process.env.BATON_CHAOS_DEBUG) {
        const activity = await query<Record<string, unknown>>(
          `SELECT pid, application_name AS app, state, wait_event_type AS wait_type, wait_event AS wait, left(query, 90) AS query FROM pg_stat_activity WHERE state <> 'idle' AND pid <> pg_backend_pid()`,
        );
        console.log(activity.map((row) => JSON.stringify(row)).join('\n'));
      }
      // A clean stop of every replica: the runs they have in flight end `cancelled` (a step that ignores the abort is
      // abandoned, and its run still recorded).
      const stopping = live();
      for (const replica of stopping) replica.child.kill('SIGTERM');
      await Promise.all(stopping.map((replica) => replica.exited));

      const runs = await runsOf();
      const executions = await query<{ id: string; run_id: string; step: string; pid: number; started: number; finished: number | null }>(
        `SELECT id, run_id, step, pid, extract(epoch from started_at) * 1000 AS started, extract(epoch from finished_at) * 1000 AS finished FROM chaos_executions ORDER BY id`,
      );
      const fences = await query<{ fence: string; pid: number; at: number }>(
        'SELECT fence, pid, extract(epoch from at) * 1000 AS at FROM chaos_singleton ORDER BY id',
      );
      await sql.end();
      await database.close();

      // No tick ran twice: one run per slot.
      const bySlot = new Map<number, RunRecord[]>();
      for (const run of runs.filter((r) => r.trigger === 'schedule')) bySlot.set(run.scheduledAt, [...(bySlot.get(run.scheduledAt) ?? []), run]);
      const duplicateClaims = [...bySlot.values()].filter((group) => group.length > 1);

      // No completed step ran again: once a step's checkpoint names the execution that completed it, no execution
      // of that step of that run starts after it finished. (An execution cut short before its checkpoint was written
      // runs again: that is the resume, and is counted as a re-execution.)
      const executionsOf = new Map<string, typeof executions>();
      for (const execution of executions) {
        const key = `${execution.run_id}/${execution.step}`;
        executionsOf.set(key, [...(executionsOf.get(key) ?? []), execution]);
      }
      const rerunCompleted: string[] = [];
      let reexecutions = 0;
      for (const run of runs) {
        for (const step of run.steps.filter((s) => s.status === 'succeeded')) {
          const completedBy = String((JSON.parse(step.output ?? '{}') as { execution?: string }).execution);
          const all = executionsOf.get(`${run.id}/${step.name}`) ?? [];
          const completing = all.find((execution) => String(execution.id) === completedBy);
          if (completing?.finished == null) {
            rerunCompleted.push(`${run.id}/${step.name}: its checkpoint names execution ${completedBy}, which did not finish`);
            continue;
          }
          reexecutions += all.length - 1;
          for (const other of all)
            if (other !== completing && Number(other.started) >= Number(completing.finished))
              rerunCompleted.push(`${run.id}/${step.name}: execution ${other.id} (pid ${other.pid}) started after the step was completed by ${completing.id}`);
        }
      }

      // Every slot of the window has a run that completed, or failed or was abandoned with a reason.
      const lost: number[] = [];
      const unfinished: string[] = [];
      for (let slot = windowStart; slot <= windowEnd; slot += 1000) {
        const run = bySlot.get(slot)?.[0];
        if (run === undefined) lost.push(slot);
        else if (run.status !== 'succeeded' && !((run.status === 'failed' || run.status === 'abandoned') && run.error?.message))
          unfinished.push(`${new Date(slot).toISOString()}: ${run.status}${run.error ? ` (${run.error.message})` : ''}`);
      }
      const running = runs
        .filter((run) => run.status === 'running')
        .map(
          (run) =>
            `${run.id} @ ${new Date(run.scheduledAt).toISOString()}: owner ${run.owner}, epoch ${run.epoch}, started at ${new Date(run.startedAt).toISOString()}, lease until ${new Date(run.leaseExpiresAt ?? NaN).toISOString()}, steps ${JSON.stringify(run.steps.map((step) => [step.name, step.status]))}`,
        );

      // The singleton's rows never show an older token after a newer one.
      const backwards: string[] = [];
      for (let i = 1; i < fences.length; i++)
        if (Number(fences[i]!.fence) < Number(fences[i - 1]!.fence))
          backwards.push(`fence ${fences[i]!.fence} (pid ${fences[i]!.pid}) after ${fences[i - 1]!.fence}`);

      // Figures.
      const recovered = runs.filter((run) => run.recoveries.some((recovery) => recovery.kind === 'recovered'));
      const runFailover = kills
        .filter((kill) => kill.kind === 'mid-step')
        .map((kill) => {
          const next = executions.find((execution) => execution.run_id === kill.runId && execution.pid !== kill.pid && Number(execution.started) > kill.at);
          return next === undefined ? undefined : Number(next.started) - kill.at;
        })
        .filter((ms): ms is number => ms !== undefined);
      const singletonFailover = kills
        .filter((kill) => kill.kind === 'singleton')
        .map((kill) => {
          const next = fences.find((row) => Number(row.fence) > kill.fence! && Number(row.at) > kill.at);
          return next === undefined ? undefined : Number(next.at) - kill.at;
        })
        .filter((ms): ms is number => ms !== undefined);
      const slots = (windowEnd - windowStart) / 1000 + 1;
      const range = (values: number[]) =>
        values.length
          ? `${Math.min(...values).toFixed(0)}–${Math.max(...values).toFixed(0)} ms (median ${[...values].sort((a, b) => a - b)[values.length >> 1]!.toFixed(0)})`
          : 'none';
      console.log(
        [
          `chaos (seed ${SEED}): ${CHAOS_SECONDS} s, ${REPLICAS} replicas, lease TTL ${LEASE_TTL_MS} ms, PostgreSQL restarted at +${restartedAt === undefined ? '-' : ((restartedAt - (chaosEnd - CHAOS_SECONDS * 1000)) / 1000).toFixed(1)} s`,
          `  kills: ${kills.length} (${kills.filter((k) => k.kind === 'mid-step').length} mid-step, ${kills.filter((k) => k.kind === 'singleton').length} singleton holders, ${kills.filter((k) => k.kind === 'random').length} random)`,
          `  ticks: ${runs.length} runs, ${slots} slots in the window, ${runs.filter((r) => r.status === 'succeeded').length} succeeded; statuses ${JSON.stringify(Object.fromEntries([...new Set(runs.map((r) => r.status))].map((s) => [s, runs.filter((r) => r.status === s).length])))}`,
          `  recoveries: ${recovered.length} runs recovered (${runs.reduce((n, r) => n + r.recoveries.length, 0)} takeovers); re-executions of interrupted steps: ${reexecutions}`,
          `  failover, run (kill to the next step on another replica): ${range(runFailover)}`,
          `  failover, singleton (kill to the first row with a newer token): ${range(singletonFailover)}; ${new Set(fences.map((f) => f.fence)).size} tokens`,
          `  duplicates: ${duplicateClaims.length + rerunCompleted.length}; lost slots: ${lost.length}; left running: ${running.length}; tokens out of order: ${backwards.length}`,
          `  the clean stop (SIGTERM to every replica): ${runs.filter((run) => run.status === 'cancelled' && run.startedAt >= lastKillAt).length} runs in flight recorded cancelled`,
        ].join('\n'),
      );

      const failed = duplicateClaims.length + rerunCompleted.length + lost.length + unfinished.length + running.length + backwards.length > 0;
      if (failed) {
        const suspects = new Set(running.map((entry) => entry.slice(0, entry.indexOf(' '))));
        for (const execution of executions) if (suspects.has(execution.run_id)) console.log(`execution ${JSON.stringify(execution)}`);
        for (const replica of replicas)
          if (replica.output.trim())
            console.log(
              `replica ${replica.pid}:\n${replica.output
                .trim()
                .split('\n')
                .filter((line) => [...suspects].some((id) => line.includes(id)) || !line.includes('"level":"info"'))
                .slice(-20)
                .join('\n')}`,
            );
      }
      expect(duplicateClaims.map((group) => group.map((run) => run.id))).toEqual([]);
      expect(rerunCompleted).toEqual([]);
      expect(lost.map((slot) => new Date(slot).toISOString())).toEqual([]);
      expect(unfinished).toEqual([]);
      expect(running).toEqual([]);
      expect(backwards).toEqual([]);
      // The chaos did what it says: runs were recovered, and the singleton changed hands.
      expect(recovered.length).toBeGreaterThan(0);
      expect(new Set(fences.map((f) => f.fence)).size).toBeGreaterThan(1);
    },
    (CHAOS_SECONDS + 150) * 1000,
  );
});
