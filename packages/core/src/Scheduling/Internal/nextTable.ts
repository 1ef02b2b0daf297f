// next[i]: the smallest of `sorted` >= i, or -1, for i in 0..size - 1.
export function nextTable(sorted: readonly number[], size: number): Int8Array {
  const table = new Int8Array(size).fill(-1);
  let index = sorted.length - 1;
  for (let value = size - 1; value >= 0; value--) {
    while (index >= 0 && sorted[index]! > value) index--;
    // sorted[index] <= value; the next allowed >= value is sorted[index] if equal, else sorted[index + 1].
    const candidate = index >= 0 && sorted[index] === value ? value : sorted[index + 1];
    table[value] = candidate === undefined ? -1 : candidate;
  }
  return table;
}
