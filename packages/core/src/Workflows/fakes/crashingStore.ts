// A RunStore in front of a shared InMemoryRunStore that plays an engine's process dying at its k-th write: from then
// on every call it gets hangs forever, as if the process were gone (its runs stop, its leases are never renewed).
import type { InMemoryRunStore } from '../../Runs/InMemoryRunStore.js';
import type { RunStore } from '../../Runs/RunStore.js';

export interface CrashingStore {
  readonly store: RunStore;
  /** Writes (createRun, recordStep, finishRun) seen so far, including the one it died at. */
  readonly writes: () => number;
  readonly dead: () => boolean;
  /** The process dies now. */
  readonly kill: () => void;
}

/**
 * @param crashAt - The write the process dies at (from 1); `Infinity` never dies.
 * @param applied - Whether that write reached the store before the process died.
 */
export function crashingStore(inner: InMemoryRunStore, crashAt: number, applied: boolean): CrashingStore {
  let writes = 0;
  let dead = false;
  const gone = new Promise<never>(() => {});
  const write = <T>(apply: () => T): T | Promise<never> => {
    if (dead) return gone;
    if (++writes === crashAt) {
      dead = true;
      if (applied) apply();
      return gone;
    }
    return apply();
  };
  const read = <T>(call: () => Promise<T>): Promise<T> => (dead ? gone : call());
  const store: RunStore = {
    createRun: (run, lease) => write(() => inner.createRun(run, lease)),
    recordStep: (runId, lease, step) => write(() => inner.recordStep(runId, lease, step)),
    finishRun: (id, lease, outcome) => write(() => inner.finishRun(id, lease, outcome)),
    renewLeases: (owner, ttlMs, runs) => read(() => inner.renewLeases(owner, ttlMs, runs)),
    expiredRuns: (limit) => read(() => inner.expiredRuns(limit)),
    takeOver: (id, takeOver) => read(() => inner.takeOver(id, takeOver)),
    getRun: (id) => read(() => inner.getRun(id)),
    listRuns: (workflow, options) => read(() => inner.listRuns(workflow, options)),
    queryRuns: (query) => read(() => inner.queryRuns(query)),
    countRuns: () => read(() => inner.countRuns()),
    lastRun: (workflow) => read(() => inner.lastRun(workflow)),
    lastScheduledAt: (workflow) => read(() => inner.lastScheduledAt(workflow)),
  };
  return { store, writes: () => writes, dead: () => dead, kill: () => void (dead = true) };
}
