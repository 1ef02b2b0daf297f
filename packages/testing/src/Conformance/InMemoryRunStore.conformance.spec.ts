import { InMemoryRunStore } from '@baton/core';
import { describe, it } from 'vitest';
import { describeRunStoreConformance } from './describeRunStoreConformance.js';

describeRunStoreConformance('InMemoryRunStore', ({ clock }) => new InMemoryRunStore({ clock }), { describe, it });
