import { randomFillSync } from 'node:crypto';

// Run ids are UUIDv7 (RFC 9562): 48 bits of Unix milliseconds, then a 12-bit counter that keeps ids made in the same
// millisecond in creation order, then random bits. They sort by creation, which keeps a database's index on them
// append-mostly, and lets stores break ties between runs that started at the same instant.
let lastMs = 0;
let counter = 0;
// Random bytes are drawn from the OS a pool at a time: one call per 512 ids instead of one per id.
const pool = new Uint8Array(4096);
let offset = pool.length;

export function newRunId(now: number = Date.now()): string {
  if (now > lastMs) {
    lastMs = now;
    counter = 0;
  } else if (++counter > 0xfff) {
    // 4096 ids in one millisecond: borrow the next millisecond, so the order holds.
    lastMs++;
    counter = 0;
  }
  if (offset === pool.length) {
    randomFillSync(pool);
    offset = 0;
  }
  const random = pool.subarray(offset, (offset += 8));
  const ms = lastMs.toString(16).padStart(12, '0');
  const a = (0x7000 | counter).toString(16);
  const b = (((random[0]! & 0x3f) | 0x80) * 256 + random[1]!).toString(16).padStart(4, '0');
  let tail = '';
  for (let index = 2; index < 8; index++) tail += random[index]!.toString(16).padStart(2, '0');
  return `${ms.slice(0, 8)}-${ms.slice(8)}-${a}-${b}-${tail}`;
}
