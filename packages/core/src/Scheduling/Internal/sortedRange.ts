// A cron field's values, deduplicated and ascending. @throws Error naming a value outside `min..max`, or an empty field.
export function sortedRange(values: readonly number[], min: number, max: number, field: string): number[] {
  const sorted = [...new Set(values)].sort((a, b) => a - b);
  for (const value of sorted) {
    if (!Number.isInteger(value) || value < min || value > max) throw new Error(`unsupported ${field} value '${String(value)}'`);
  }
  if (sorted.length === 0) throw new Error(`no ${field} value`);
  return sorted;
}
