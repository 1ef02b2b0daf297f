// The lowest set bit at position >= from (1..31), or 0.
export function lowestBitFrom(mask: number, from: number): number {
  if (from > 31) return 0;
  const rest = (mask >>> from) << from;
  if (rest === 0) return 0;
  return 31 - Math.clz32(rest & -rest);
}
