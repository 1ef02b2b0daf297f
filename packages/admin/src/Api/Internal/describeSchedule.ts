// The only file that imports cronstrue: it turns a cron expression into words ("At 02:00 AM, only on Monday").
import { parseDuration } from '@baton/core';
import cronstrue from 'cronstrue';

/** A workflow's schedule as the admin API reports it. */
export interface ScheduleView {
  readonly kind: 'cron' | 'interval' | 'other';
  /** The engine's own description, e.g. `cron "0 2 * * *" (Europe/Berlin)` or `every 5m`. */
  readonly description: string;
  /** In words, e.g. `At 02:00 AM` or `Every 5 minutes`. */
  readonly words: string;
  /** For a cron schedule: the expression and its time zone. */
  readonly expression?: string;
  readonly timeZone?: string;
  /** For an interval: its period in milliseconds. */
  readonly periodMs?: number;
}

const CRON = /^cron "(.+)" \((.+)\)$/;
const EVERY = /^every (.+)$/;
const UNIT_WORD: Readonly<Record<string, string>> = { ms: 'millisecond', s: 'second', m: 'minute', h: 'hour', d: 'day' };

/** Reads `Schedule.description` (`WorkflowInfo.schedule`) back into its parts and words. */
export function describeSchedule(description: string): ScheduleView {
  const cron = CRON.exec(description);
  if (cron !== null) {
    const [, expression, timeZone] = cron as unknown as [string, string, string];
    return { kind: 'cron', description, words: cronWords(expression), expression, timeZone };
  }
  const every = EVERY.exec(description);
  if (every !== null) {
    const label = every[1]!;
    const periodMs = periodOf(label);
    if (periodMs !== undefined) {
      const words = [...label.matchAll(/(\d+)(ms|s|m|h|d)/g)].map(([, amount, unit]) => `${amount} ${UNIT_WORD[unit!]!}${amount === '1' ? '' : 's'}`);
      return { kind: 'interval', description, words: words.length > 0 ? `Every ${words.join(' ')}` : description, periodMs };
    }
  }
  return { kind: 'other', description, words: description };
}

function cronWords(expression: string): string {
  try {
    return cronstrue.toString(expression, { use24HourTimeFormat: true, throwExceptionOnParseError: true, verbose: false });
  } catch {
    return `cron ${expression}`;
  }
}

function periodOf(label: string): number | undefined {
  try {
    return parseDuration(label);
  } catch {
    return undefined;
  }
}
