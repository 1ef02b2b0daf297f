import type { RunStore } from '@baton/core';
import { DelegatingRunStore } from './DelegatingRunStore.js';

/** A store without the optional setRetention (which the contract allows). */
export class NoRetentionRunStore extends DelegatingRunStore {
  constructor(inner: RunStore) {
    super(inner);
    delete this.setRetention;
  }
}
