import type { Workflows } from '@baton/core';

/** One scheduled tick's outcome, as the ledger keeps it. */
export interface TickEntry {
  readonly workflow: string;
  /** `fired` on time, `late` (fired more than `lateAfterMs` after its slot), `skipped` (with a reason) or `missed`. */
  readonly outcome: 'fired' | 'late' | 'skipped' | 'missed';
  /** When the engine reported it (host's Clock, epoch ms). */
  readonly at: number;
  /** The slot, for fired, late and skipped ticks; for missed ones the first slot dropped is after `after`. */
  readonly scheduledAt?: number;
  readonly lateByMs?: number;
  /** Why a tick was skipped: `overlap`, `claimed` or `lease`. */
  readonly reason?: string;
  /** For `missed`: how many slots were dropped, between `after` and `before`. */
  readonly slots?: number;
  readonly after?: number;
  readonly before?: number;
}

/**
 * The per-schedule tick ledger: the engine's `tick.fired`, `tick.skipped` and `tick.missed` events, at most `size`
 * per workflow (the oldest fall off), newest first.
 */
export class TickLedger {
  readonly #byWorkflow = new Map<string, TickEntry[]>();

  constructor(
    private readonly size: number,
    private readonly lateAfterMs: number,
    private readonly now: () => number,
    private readonly onEntry: (entry: TickEntry) => void,
  ) {}

  /** Listens to `workflows`; returns the unsubscribe function. */
  attach(workflows: Workflows): () => void {
    const offs = [
      workflows.on('tick.fired', ({ workflow, scheduledAt, lateByMs }) =>
        this.#add({ workflow, outcome: lateByMs > this.lateAfterMs ? 'late' : 'fired', at: this.now(), scheduledAt, lateByMs }),
      ),
      workflows.on('tick.skipped', ({ workflow, scheduledAt, reason }) => this.#add({ workflow, outcome: 'skipped', at: this.now(), scheduledAt, reason })),
      workflows.on('tick.missed', ({ workflow, after, before, slots }) => this.#add({ workflow, outcome: 'missed', at: this.now(), after, before, slots })),
    ];
    return () => offs.forEach((off) => off());
  }

  /** The entries of `workflow` (or of every workflow, merged), newest first, at most `limit`. */
  list(workflow: string | undefined, limit: number): TickEntry[] {
    const entries =
      workflow === undefined
        ? [...this.#byWorkflow.values()].flat().sort((a, b) => b.at - a.at || (b.scheduledAt ?? 0) - (a.scheduledAt ?? 0))
        : [...(this.#byWorkflow.get(workflow) ?? [])];
    return entries.slice(0, limit);
  }

  /** Counts by outcome, per workflow, over the entries kept. */
  summary(workflow: string): Record<TickEntry['outcome'], number> {
    const counts = { fired: 0, late: 0, skipped: 0, missed: 0 };
    for (const entry of this.#byWorkflow.get(workflow) ?? []) counts[entry.outcome] += 1;
    return counts;
  }

  #add(entry: TickEntry): void {
    let entries = this.#byWorkflow.get(entry.workflow);
    if (entries === undefined) this.#byWorkflow.set(entry.workflow, (entries = []));
    entries.unshift(entry);
    if (entries.length > this.size) entries.length = this.size;
    this.onEntry(entry);
  }
}
