import { describe, expect, it } from 'vitest';
import { BatonErrorCode } from '../Errors/BatonErrorCode.js';
import { codeOf } from '../Errors/fakes/codeOf.js';
import { FakeClock } from '../Time/fakes/FakeClock.js';
import { InMemoryInstanceRegistry } from './InMemoryInstanceRegistry.js';

describe(InMemoryInstanceRegistry, () => {
  const instance = { id: 'a', hostname: 'web-1', pid: 1, version: '0.1.0', services: [], workflows: [] };

  it('should list an instance as stale once its last heartbeat is older than staleAfterMs', async () => {
    const clock = new FakeClock(Date.UTC(2026, 0, 1));
    const registry = new InMemoryInstanceRegistry({ clock, heartbeatIntervalMs: 1_000, staleAfterMs: 5_000 });
    await registry.register(instance);
    await clock.advanceTo(Date.UTC(2026, 0, 1) + 5_000);
    expect((await registry.list())[0]?.status).toBe('running');
    await clock.advanceTo(Date.UTC(2026, 0, 1) + 5_001);
    expect((await registry.list())[0]?.status).toBe('stale');
    expect(await registry.heartbeat('a')).toBe(true);
    expect((await registry.list())[0]?.status).toBe('running');
  });

  it('should never list an instance as stale by default (no heartbeat in one process)', async () => {
    const clock = new FakeClock(Date.UTC(2026, 0, 1));
    const registry = new InMemoryInstanceRegistry({ clock });
    await registry.register(instance);
    await clock.advanceTo(Date.UTC(2027, 0, 1));
    expect(registry.heartbeatIntervalMs).toBe(Infinity);
    expect((await registry.list())[0]?.status).toBe('running');
  });

  it('should keep at most maxStopped stopped instances, and refuse bad options', async () => {
    const registry = new InMemoryInstanceRegistry({ maxStopped: 1 });
    for (const id of ['a', 'b', 'c']) {
      await registry.register({ ...instance, id });
      await registry.markStopped(id);
    }
    expect((await registry.list()).map((record) => record.id)).toStrictEqual(['c']);
    expect(codeOf(() => new InMemoryInstanceRegistry({ heartbeatIntervalMs: 1_000, staleAfterMs: 500 }))).toBe(BatonErrorCode.RunsInvalidOptions);
    expect(codeOf(() => new InMemoryInstanceRegistry({ stale: 1 } as never))).toBe(BatonErrorCode.RunsInvalidOptions);
  });
});
