// One example app run as a real process, as `pnpm start` runs it (tsx, src/main.ts), for the examples' specs: its
// output kept line by line, its JSON log lines parsed, and both waited on as they come.
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';

/** One JSON log line of the host's logger (it logs JSON lines when stdout is not a TTY). */
export interface LogEntry {
  readonly level: string;
  readonly message: string;
  readonly [field: string]: unknown;
}

/** How the process ended. */
export interface ExitStatus {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

interface Waiter {
  readonly test: (line: string, entry: LogEntry | undefined) => boolean;
  readonly resolve: (line: string) => void;
}

const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

/** The example in `exampleDir`, started with `env` over this process's environment. */
export class ExampleProcess {
  /** Every line of stdout and stderr, in the order they came. */
  readonly lines: string[] = [];
  /** The lines that parsed as JSON log entries. */
  readonly entries: LogEntry[] = [];
  readonly exited: Promise<ExitStatus>;
  readonly #child: ChildProcessWithoutNullStreams;
  readonly #waiters = new Set<Waiter>();

  constructor(exampleDir: string, env: Record<string, string>) {
    this.#child = spawn(process.execPath, ['--import', tsxLoader, 'src/main.ts'], { cwd: exampleDir, env: { ...process.env, ...env } });
    this.exited = new Promise((resolve) => this.#child.on('exit', (code, signal) => resolve({ code, signal })));
    for (const stream of [this.#child.stdout, this.#child.stderr]) createInterface({ input: stream }).on('line', (line) => this.#onLine(line));
  }

  get running(): boolean {
    return this.#child.exitCode === null && this.#child.signalCode === null;
  }

  /** The first line (already printed or still to come) that passes `test`; rejects if the process exits first. */
  waitForLine(test: (line: string) => boolean): Promise<string> {
    return this.#waitFor((line) => test(line));
  }

  /** The first log entry (already logged or still to come) that passes `test`; rejects if the process exits first. */
  async waitForEntry(test: (entry: LogEntry) => boolean): Promise<LogEntry> {
    return parseEntry(await this.#waitFor((_line, entry) => entry !== undefined && test(entry)))!;
  }

  /** The URL from the "listening on <url>" line. */
  async url(): Promise<string> {
    const line = await this.waitForLine((text) => /listening on http:\/\/127\.0\.0\.1:\d+/.test(text));
    return /(http:\/\/127\.0\.0\.1:\d+)/.exec(line)![1]!;
  }

  kill(signal: NodeJS.Signals): void {
    this.#child.kill(signal);
  }

  #waitFor(test: Waiter['test']): Promise<string> {
    const seen = this.lines.find((line) => test(line, parseEntry(line)));
    if (seen !== undefined) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const waiter = { test, resolve };
      this.#waiters.add(waiter);
      void this.exited.then(({ code, signal }) => {
        if (this.#waiters.delete(waiter)) reject(new Error(`The example exited (${signal ?? code}) first. Output:\n${this.lines.join('\n')}`));
      });
    });
  }

  #onLine(line: string): void {
    this.lines.push(line);
    const entry = parseEntry(line);
    if (entry !== undefined) this.entries.push(entry);
    for (const waiter of this.#waiters) {
      if (waiter.test(line, entry)) {
        this.#waiters.delete(waiter);
        waiter.resolve(line);
      }
    }
  }
}

/** A JSON response: the status and the parsed body. */
export async function callJson(baseUrl: string, method: string, path: string, body?: unknown): Promise<{ status: number; body: unknown }> {
  const response = await fetch(new URL(path, baseUrl), {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
}

/** The messages of the JSON log lines, in order. */
export function logMessages(lines: readonly string[]): string[] {
  return lines.flatMap((line) => parseEntry(line)?.message ?? []);
}

function parseEntry(line: string): LogEntry | undefined {
  if (!line.startsWith('{')) return undefined;
  try {
    return JSON.parse(line) as LogEntry;
  } catch {
    return undefined; // Not a log entry: a warning of tsx or Node's that starts with a brace.
  }
}
