import { randomFillSync } from 'node:crypto';

// Run ids are UUIDv7 (RFC 9562): 48 bits of Unix milliseconds, then a 12-bit counter that keeps ids made in the same
// millisecond in creation order, then random bits. They sort by creation, which keeps a database's index on them
// append-mostly, and lets stores break ties between runs that started at the same instant.
let lastMs = 0;
let counter = 0;
// Random bytes are drawn from the OS a pool at a time: one call per 512 ids instead of one per id.
const pool = new Uint8Array(4096);
let offset = pool.length;
// The two hex digits of each byte, and the id's first 13 characters, which change once a millisecond: a profile of
// the runs-per-second bench had newRunId at 6% of a run's CPU when each id was made of ~15 intermediate strings.
const HEX = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'));
let prefixMs = -1;
let prefix = '';

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
  if (prefixMs !== lastMs) {
    const ms = lastMs.toString(16).padStart(12, '0');
    prefix = `${ms.slice(0, 8)}-${ms.slice(8)}`;
    prefixMs = lastMs;
  }
  const at = offset;
  offset += 8;
  const a = HEX[0x70 | (counter >> 8)]! + HEX[counter & 0xff]!;
  const b = HEX[(pool[at]! & 0x3f) | 0x80]! + HEX[pool[at + 1]!]!;
  const tail = HEX[pool[at + 2]!]! + HEX[pool[at + 3]!]! + HEX[pool[at + 4]!]! + HEX[pool[at + 5]!]! + HEX[pool[at + 6]!]! + HEX[pool[at + 7]!]!;
  // join() writes the id as one flat string; a template literal makes a tree of 5 strings, which a store that keeps
  // the run (a history of 100 runs for each of 10,000 workflows) keeps too: ~230 bytes a run.
  return [prefix, a, b, tail].join('-');
}
