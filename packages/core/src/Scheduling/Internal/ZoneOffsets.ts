/**
 * UTC offsets of one IANA time zone, read from `Intl` and cached per hour, and the conversion between instants and
 * wall-clock times with Baton's DST rules. A "wall" time is the local date and time encoded as if it were UTC epoch ms.
 */

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
// Past this many cached hours the cache is dropped and refilled; ~1 MB at most per zone.
const MAX_CACHED_HOURS = 20_000;

const zones = new Map<string, ZoneOffsets>();

/** Offsets and wall-time conversion for one time zone; one shared instance per canonical zone name. */
export class ZoneOffsets {
  readonly #format: Intl.DateTimeFormat | undefined;
  // Hour bucket -> offset in ms, or NaN when an offset change falls inside the hour.
  readonly #hours = new Map<number, number>();

  private constructor(timeZone: string) {
    this.#format =
      timeZone === 'UTC'
        ? undefined
        : new Intl.DateTimeFormat('en-US', {
            timeZone,
            hourCycle: 'h23',
            year: 'numeric',
            month: 'numeric',
            day: 'numeric',
            hour: 'numeric',
            minute: 'numeric',
            second: 'numeric',
          });
  }

  /** The shared instance for a canonical zone name (as returned by `resolvedOptions().timeZone`). */
  static for(timeZone: string): ZoneOffsets {
    let zone = zones.get(timeZone);
    if (zone === undefined) {
      zone = new ZoneOffsets(timeZone);
      zones.set(timeZone, zone);
    }
    return zone;
  }

  /** The zone's UTC offset at `instant`, in ms (wall = instant + offset). */
  offsetAt(instant: number): number {
    if (this.#format === undefined) return 0;
    const bucket = Math.floor(instant / HOUR_MS);
    let offset = this.#hours.get(bucket);
    if (offset === undefined) {
      const start = bucket * HOUR_MS;
      const first = this.#rawOffset(start);
      // Transitions never come twice within an hour, so equal ends mean one offset for the whole hour.
      offset = first === this.#rawOffset(start + HOUR_MS - 1) ? first : Number.NaN;
      if (this.#hours.size >= MAX_CACHED_HOURS) this.#hours.clear();
      this.#hours.set(bucket, offset);
    }
    return Number.isNaN(offset) ? this.#rawOffset(instant) : offset;
  }

  /** The wall-clock time at `instant`. */
  wallOf(instant: number): number {
    return instant + this.offsetAt(instant);
  }

  /**
   * The instant at which the wall clock shows `wall`.
   *
   * @remarks A wall time the zone skips (spring forward) maps to the transition instant, the first instant whose wall
   * time is later; a wall time the zone repeats (fall back) maps to its first occurrence. The mapping is
   * non-decreasing, which is what lets a schedule walk wall times and still emit increasing instants.
   */
  instantOf(wall: number): number {
    const before = this.offsetAt(wall - DAY_MS);
    const after = this.offsetAt(wall + DAY_MS);
    if (before === after) {
      const instant = wall - before;
      if (this.offsetAt(instant) === before) return instant;
    }
    let earliest = Number.POSITIVE_INFINITY;
    for (const offset of [before, after, this.offsetAt(wall - before), this.offsetAt(wall - after)]) {
      const instant = wall - offset;
      if (instant < earliest && this.wallOf(instant) === wall) earliest = instant;
    }
    if (earliest !== Number.POSITIVE_INFINITY) return earliest;
    // Skipped: find the transition, the first instant whose wall time is past `wall`.
    let low = wall - Math.max(before, after);
    let high = wall - Math.min(before, after);
    if (this.wallOf(high) <= wall) return high; // Not a plain gap (several transitions within two days).
    while (high - low > 1) {
      const middle = Math.floor((low + high) / 2);
      if (this.wallOf(middle) > wall) high = middle;
      else low = middle;
    }
    return high;
  }

  /**
   * Where a span of repeated wall times ends (fall back), as a wall time: the wall clock at the transition, read
   * with the offset from before it.
   * @param first - The first occurrence of a repeated wall time (before the transition).
   * @param later - An instant after the transition.
   */
  repeatedSpanEnd(first: number, later: number): number {
    const offset = this.offsetAt(first);
    // Not a plain fall back (several transitions between the two): report no span.
    if (this.offsetAt(later) === offset) return Number.NEGATIVE_INFINITY;
    let low = first;
    let high = later;
    while (high - low > 1) {
      const middle = Math.floor((low + high) / 2);
      if (this.offsetAt(middle) === offset) low = middle;
      else high = middle;
    }
    return high + offset;
  }

  #rawOffset(instant: number): number {
    const whole = Math.floor(instant / 1000) * 1000;
    let year = 0;
    let month = 1;
    let day = 1;
    let hour = 0;
    let minute = 0;
    let second = 0;
    for (const part of this.#format!.formatToParts(whole)) {
      switch (part.type) {
        case 'year':
          year = Number(part.value);
          break;
        case 'month':
          month = Number(part.value);
          break;
        case 'day':
          day = Number(part.value);
          break;
        case 'hour':
          hour = Number(part.value);
          break;
        case 'minute':
          minute = Number(part.value);
          break;
        case 'second':
          second = Number(part.value);
          break;
        default:
          break;
      }
    }
    const date = new Date(0);
    date.setUTCFullYear(year, month - 1, day);
    date.setUTCHours(hour, minute, second, 0);
    return date.getTime() - whole;
  }
}
