// What a run's claim and its end write: the values of the statement for one, and the JSON rows of a group (see
// GroupCommit), in the columns of the runs table.
import type { RunLease, RunOutcome, RunRecord } from '@baton/core';
import type { SqlValue } from '../SqlValue.js';
import { stepRows } from './stepWrites.js';

/** A run's claim, as {@link PostgresRunStore.createRun} was called with it. */
export interface Claim {
  readonly run: RunRecord;
  readonly lease: RunLease;
}

/** The columns a claim writes, in the order of its values. */
export const RUN_COLUMNS = `id, workflow, status, trigger, scheduled_at, idempotency_key, started_at, finished_at, attempt,
        owner, epoch, lease_expires_at, input, input_summary, output_summary, error, skip_reason, warnings, recoveries, trace_context`;

/** The owner a new record is written with: the lease's while it runs. */
function ownerOf(run: RunRecord, lease: RunLease): string | null {
  return run.status === 'running' ? lease.owner : (run.owner ?? null);
}

function traceContextOf(run: RunRecord): unknown {
  return (run as { traceContext?: unknown }).traceContext;
}

/** A run's end, as {@link PostgresRunStore.finishRun} was called with it. */
export interface RunEnd {
  readonly id: string;
  readonly lease: RunLease;
  readonly outcome: RunOutcome;
  /** Whether the lean step writes leave what the full ones would (see PostgresRunStore's fresh runs). */
  readonly lean?: boolean;
}

/** A claim's values, $1 to $20 in the order of {@link RUN_COLUMNS} (ttl for lease_expires_at). */
export function claimValues(run: RunRecord, lease: RunLease): SqlValue[] {
  return [
    run.id,
    run.workflow,
    run.status,
    run.trigger,
    run.scheduledAt,
    run.idempotencyKey,
    run.startedAt,
    run.finishedAt ?? null,
    run.attempt,
    ownerOf(run, lease),
    lease.epoch,
    run.status === 'running' ? lease.ttlMs : null,
    run.input ?? null,
    run.inputSummary ?? null,
    run.outputSummary ?? null,
    json(run.error),
    run.skipReason ?? null,
    json(run.warnings),
    JSON.stringify(run.recoveries),
    json(traceContextOf(run)),
  ];
}

/** A claim as one row of a grouped INSERT. */
export function claimRow(run: RunRecord, lease: RunLease) {
  return {
    id: run.id,
    workflow: run.workflow,
    status: run.status,
    trigger: run.trigger,
    scheduled_at: run.scheduledAt,
    idempotency_key: run.idempotencyKey,
    started_at: run.startedAt,
    finished_at: run.finishedAt ?? undefined,
    attempt: run.attempt,
    owner: ownerOf(run, lease) ?? undefined,
    epoch: lease.epoch,
    ttl_ms: run.status === 'running' ? lease.ttlMs : undefined,
    input: run.input ?? undefined,
    input_summary: run.inputSummary ?? undefined,
    output_summary: run.outputSummary ?? undefined,
    error: run.error ?? undefined,
    skip_reason: run.skipReason ?? undefined,
    warnings: run.warnings ?? undefined,
    recoveries: run.recoveries,
    trace_context: traceContextOf(run) ?? undefined,
  };
}

/** An end as one row of a grouped UPDATE. */
export function endRow({ id, lease, outcome }: RunEnd) {
  return {
    id,
    epoch: lease.epoch,
    owner: lease.owner,
    status: outcome.status,
    finished_at: outcome.finishedAt,
    error: outcome.error ?? undefined,
    output_summary: outcome.outputSummary ?? undefined,
    warnings: outcome.warnings ?? undefined,
    steps: outcome.steps === undefined || outcome.steps.length === 0 ? undefined : stepRows(outcome.steps),
  };
}

/** A value as JSON text for a jsonb parameter; null for nothing. */
export function json(value: unknown): string | null {
  return value === undefined || value === null ? null : JSON.stringify(value);
}

/** A claim or an end, in the store's one group commit of both. */
export type RunWrite = { readonly claim: Claim; readonly end?: undefined } | { readonly claim?: undefined; readonly end: RunEnd };

/**
 * A group's claims as rows, in slot order: replicas claiming overlapping slots in one statement each then take the
 * slots' index entries in the same order, so neither waits on the other in a cycle (a deadlock the server would break
 * after 1 s).
 */
export function sortedClaimRows(claims: readonly Claim[]) {
  const rows = claims.map(({ run, lease }) => claimRow(run, lease));
  rows.sort((a, b) => (a.workflow < b.workflow ? -1 : a.workflow > b.workflow ? 1 : a.scheduled_at - b.scheduled_at));
  return rows;
}

/** An end's values, $1 to $8 of RunWriteStatements.finish. */
export function endValues({ id, lease, outcome }: RunEnd): SqlValue[] {
  return [id, lease.epoch, lease.owner, outcome.status, outcome.finishedAt, json(outcome.error), outcome.outputSummary ?? null, json(outcome.warnings)];
}
