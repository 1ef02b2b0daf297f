import type { Migration } from './Migration.js';
import { migration001 } from './migration001.js';
import { migration002 } from './migration002.js';
import { migration003 } from './migration003.js';
import { migration004 } from './migration004.js';
import { migration005 } from './migration005.js';

/** Every migration, in version order. The last one's version is the schema version this code writes. */
export const migrations: readonly Migration[] = [migration001, migration002, migration003, migration004, migration005];
