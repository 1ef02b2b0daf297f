import { describe, expect, it } from 'vitest';
import { FakeClock } from '../Time/fakes/FakeClock.js';
import { InMemoryCoordinator } from './InMemoryCoordinator.js';

describe(InMemoryCoordinator, () => {
  describe('leases', () => {
    it('should hold a lease until it expires, renew it, and let another holder take it after expiry', async () => {
      const clock = new FakeClock(0);
      const coordinator = new InMemoryCoordinator(clock);
      const lease = await coordinator.acquireLease('workflow:wf', 'a', 300);
      expect(lease).toMatchObject({ key: 'workflow:wf', holder: 'a', expiresAt: 300 });
      expect(await coordinator.acquireLease('workflow:wf', 'b', 300)).toBeUndefined();
      clock.jump(200);
      expect(await coordinator.renewLease(lease!, 300)).toBe(true);
      clock.jump(200);
      expect(await coordinator.acquireLease('workflow:wf', 'b', 300)).toBeUndefined();
      clock.jump(200);
      const taken = await coordinator.acquireLease('workflow:wf', 'b', 300);
      expect(taken?.fence).toBeGreaterThan(lease!.fence);
      expect(await coordinator.renewLease(lease!, 300)).toBe(false);
      await coordinator.releaseLease(lease!);
      expect(await coordinator.acquireLease('workflow:wf', 'c', 300)).toBeUndefined();
      await coordinator.releaseLease(taken!);
      expect(await coordinator.acquireLease('workflow:wf', 'c', 300)).toBeDefined();
    });
  });
});
