// The least distance between two of `sorted` on a cycle of `cycle` values (`cycle` when there is only one).
export function minCyclicGap(sorted: readonly number[], cycle: number): number {
  if (sorted.length < 2) return cycle;
  let gap = sorted[0]! + cycle - sorted[sorted.length - 1]!;
  for (let i = 1; i < sorted.length; i++) gap = Math.min(gap, sorted[i]! - sorted[i - 1]!);
  return gap;
}
