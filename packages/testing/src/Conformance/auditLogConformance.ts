import { BatonErrorCode, type AuditAppend, type AuditLog } from '@baton/core';
import type { ConformanceCase } from './ConformanceCase.js';
import type { ContractFactory } from './ContractFactory.js';
import { Check } from './Internal/Check.js';
import { contractCases, type ContractCase } from './Internal/contractCases.js';

const entry = (overrides: Partial<AuditAppend> = {}): AuditAppend => ({ actor: 'admin:ada', action: 'pause', target: 'sync', outcome: 'ok', ...overrides });

const CASES: readonly ContractCase<AuditLog>[] = [
  {
    name: 'append stores the entry with an id and a time, and list reads it back',
    run: async (log) => {
      const stored = await log.append(entry({ detail: 'until 2026-01-02T00:00:00.000Z', input: '{"sku":"a"}' }));
      Check.that(typeof stored.id === 'string' && stored.id !== '', 'append() gives the entry an id');
      Check.that(Number.isFinite(stored.at), 'append() gives the entry its time');
      Check.same(
        stored,
        {
          id: stored.id,
          at: stored.at,
          actor: 'admin:ada',
          action: 'pause',
          target: 'sync',
          outcome: 'ok',
          detail: 'until 2026-01-02T00:00:00.000Z',
          input: '{"sku":"a"}',
        },
        'the entry as appended',
      );
      Check.same((await log.list()).entries, [stored], 'list() reads the entry back');
    },
  },
  {
    name: 'an entry without detail or input has neither',
    run: async (log) => {
      const stored = await log.append(entry());
      Check.that(!('detail' in stored) || stored.detail === undefined, 'no detail');
      Check.same((await log.list()).entries[0], stored, 'the entry as appended');
    },
  },
  {
    name: 'list is newest first, and pages through every entry once with its cursor',
    run: async (log) => {
      const appended = [];
      for (let index = 0; index < 7; index++) appended.push(await log.append(entry({ target: `w${index}` })));
      const seen: string[] = [];
      let cursor: string | undefined;
      for (let page = 0; page < 10; page++) {
        const { entries, nextCursor } = await log.list({ limit: 3, ...(cursor === undefined ? {} : { cursor }) });
        seen.push(...entries.map((stored) => stored.target));
        if (nextCursor === undefined) break;
        cursor = nextCursor;
      }
      Check.same(seen, ['w6', 'w5', 'w4', 'w3', 'w2', 'w1', 'w0'], 'pages of 3, newest first');
    },
  },
  {
    name: 'list filters by target',
    run: async (log) => {
      await log.append(entry({ target: 'a' }));
      await log.append(entry({ target: 'b', action: 'cancel' }));
      await log.append(entry({ target: 'a', action: 'resume' }));
      Check.same(
        (await log.list({ target: 'a' })).entries.map((stored) => stored.action),
        ['resume', 'pause'],
        "list({ target: 'a' }) has a's entries only",
      );
    },
  },
  {
    name: 'append refuses an unknown action or outcome, or an empty actor, with BATON_ERR_RUNS_INVALID_AUDIT_ENTRY',
    run: async (log) => {
      await Check.fails(() => log.append(entry({ action: 'delete' as never })), BatonErrorCode.RunsInvalidAuditEntry, 'an unknown action');
      await Check.fails(() => log.append(entry({ outcome: 'maybe' as never })), BatonErrorCode.RunsInvalidAuditEntry, 'an unknown outcome');
      await Check.fails(() => log.append(entry({ actor: '' })), BatonErrorCode.RunsInvalidAuditEntry, 'an empty actor');
      Check.same((await log.list()).entries, [], 'nothing was stored');
    },
  },
  {
    name: 'list refuses a page size outside 1..500 with BATON_ERR_RUNS_INVALID_QUERY',
    run: async (log) => {
      await Check.fails(() => log.list({ limit: 0 }), BatonErrorCode.RunsInvalidQuery, 'limit 0');
      await Check.fails(() => log.list({ limit: 501 }), BatonErrorCode.RunsInvalidQuery, 'limit 501');
    },
  },
];

/**
 * The AuditLog conformance suite: append and read back, optional fields, newest-first paging with a cursor, the
 * target filter, and the refusals of bad entries and bad page sizes. Register each case with your test runner.
 * @example
 * ```ts
 * for (const { name, run } of auditLogConformance(({ clock }) => new InMemoryAuditLog({ clock }))) it(name, run);
 * ```
 */
export function auditLogConformance(factory: ContractFactory<AuditLog>): ConformanceCase[] {
  return contractCases('AuditLog', factory, CASES);
}
