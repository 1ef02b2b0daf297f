import { nextTable } from './nextTable.js';
import { sortedRange } from './sortedRange.js';

/**
 * The expanded values of one time field (second, minute or hour) and its lookup table. Immutable: one instance is
 * shared by every expression that spells the field the same way.
 */
export class CronTimeField {
  /** The allowed values, ascending. */
  readonly values: readonly number[];
  /** next[i]: the smallest allowed value >= i, or -1. */
  readonly next: Int8Array;

  /** @throws Error naming the value when one is outside `min..max` or the field is empty. */
  constructor(values: readonly number[], min: number, max: number, field: string) {
    this.values = sortedRange(values, min, max, field);
    this.next = nextTable(this.values, max + 1);
  }
}
