import type { Migration } from './Migration.js';
import { migration001 } from './migration001.js';

/** Every migration, in version order. The last one's version is the schema version this code writes. */
export const migrations: readonly Migration[] = [migration001];
