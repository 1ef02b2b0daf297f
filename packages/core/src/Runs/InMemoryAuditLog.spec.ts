import { describe, expect, it } from 'vitest';
import { BatonErrorCode } from '../Errors/BatonErrorCode.js';
import { codeOf } from '../Errors/fakes/codeOf.js';
import { FakeClock } from '../Time/fakes/FakeClock.js';
import { InMemoryAuditLog } from './InMemoryAuditLog.js';

describe(InMemoryAuditLog, () => {
  it('should keep the last maxEntries entries, stamped by its clock', async () => {
    const clock = new FakeClock(Date.UTC(2026, 0, 1));
    const log = new InMemoryAuditLog({ maxEntries: 3, clock });
    for (const target of ['a', 'b', 'c', 'd']) await log.append({ actor: 'api', action: 'trigger', target, outcome: 'ok' });
    const { entries } = await log.list();
    expect(entries.map((entry) => entry.target)).toStrictEqual(['d', 'c', 'b']);
    expect(entries[0]?.at).toBe(Date.UTC(2026, 0, 1));
    expect(Object.isFrozen(entries[0])).toBe(true);
  });

  it('should refuse unknown options and a bad bound', () => {
    expect(codeOf(() => new InMemoryAuditLog({ maxEntry: 3 } as never))).toBe(BatonErrorCode.RunsInvalidOptions);
    expect(codeOf(() => new InMemoryAuditLog({ maxEntries: 0 }))).toBe(BatonErrorCode.RunsInvalidOptions);
  });
});
