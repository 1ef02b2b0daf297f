import { InMemoryAuditLog, InMemoryControlChannel, InMemoryInstanceRegistry, InMemoryScheduleStore } from '@baton/core';
import { describe, it } from 'vitest';
import { auditLogConformance } from './auditLogConformance.js';
import { controlChannelConformance } from './controlChannelConformance.js';
import { instanceRegistryConformance } from './instanceRegistryConformance.js';
import { scheduleStoreConformance } from './scheduleStoreConformance.js';

describe('the in-memory operations contracts', () => {
  for (const { name, run } of [
    ...auditLogConformance(({ clock }) => new InMemoryAuditLog({ clock })),
    ...scheduleStoreConformance(({ clock }) => new InMemoryScheduleStore(clock)),
    ...instanceRegistryConformance(({ clock }) => new InMemoryInstanceRegistry({ clock })),
    ...controlChannelConformance(() => new InMemoryControlChannel()),
  ]) {
    it(name, run);
  }
});
