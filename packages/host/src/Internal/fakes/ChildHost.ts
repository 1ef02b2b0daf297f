// Runs a fixture script under Node in a child process and reads its JSON log lines, for the integration tests of
// run(): wait on log events and the exit, never on fixed sleeps.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** packages/host, the scope in which fixtures import '@baton/host' (self-reference) and '@baton/core'. */
export const hostPackageDir = fileURLToPath(new URL('../../../', import.meta.url));

/** Fails fast with a hint when the built output the fixtures import is missing. */
export function assertBuilt(): void {
  for (const dist of ['dist/index.js', '../core/dist/index.js']) {
    if (!existsSync(new URL(dist, `file://${hostPackageDir}`))) {
      throw new Error(`Missing ${dist} under packages/host: build core and host first (npx tsup in each).`);
    }
  }
}

/** One log entry written by the child's default (JSON) logger, or a line a fixture wrote itself. */
export type LogLine = Record<string, unknown>;

/** A fixture running in a child process. */
export class ChildHost {
  readonly lines: LogLine[] = [];
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  #stderr = '';
  #partial = '';
  readonly #child: ChildProcess;
  readonly #waiters: (() => void)[] = [];
  #done = false;

  /** Starts `node <script> ...args` in packages/host. */
  constructor(script: string, args: readonly string[] = []) {
    this.#child = spawn(process.execPath, [script, ...args], {
      cwd: hostPackageDir,
      env: { ...process.env, BATON_LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.#child.stdout!.setEncoding('utf8').on('data', (chunk: string) => this.#read(chunk));
    this.#child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (this.#stderr += chunk));
    this.exited = new Promise((resolve) => {
      this.#child.on('close', (code, signal) => {
        this.#done = true;
        this.#notify();
        resolve({ code, signal });
      });
    });
  }

  get stderr(): string {
    return this.#stderr;
  }

  /** The entries whose `event` field is `event`. */
  events(event: string): LogLine[] {
    return this.lines.filter((line) => line['event'] === event);
  }

  /** Resolves with the first entry whose `event` is `event`; rejects if the child exits without writing one. */
  async waitFor(event: string): Promise<LogLine> {
    for (;;) {
      const found = this.events(event)[0];
      if (found !== undefined) return found;
      if (this.#done) throw new Error(`The child exited without logging '${event}'. stderr:\n${this.#stderr}\nstdout:\n${JSON.stringify(this.lines, null, 2)}`);
      await new Promise<void>((resolve) => this.#waiters.push(resolve));
    }
  }

  kill(signal: NodeJS.Signals): void {
    this.#child.kill(signal);
  }

  #read(chunk: string): void {
    const text = this.#partial + chunk;
    const lines = text.split('\n');
    this.#partial = lines.pop() ?? '';
    for (const line of lines) {
      if (line.trim() === '') continue;
      try {
        this.lines.push(JSON.parse(line) as LogLine);
      } catch {
        this.lines.push({ raw: line });
      }
    }
    this.#notify();
  }

  #notify(): void {
    for (const waiter of this.#waiters.splice(0)) waiter();
  }
}
