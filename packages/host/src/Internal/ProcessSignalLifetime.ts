// Lets `host.run()` own the process: shutdown signals, process-level faults, and the exit code.
//
// Only SIGINT (Ctrl+C) and SIGTERM (docker stop, Kubernetes, systemd) request a shutdown. SIGPIPE is deliberately
// not handled: Node ignores it by default, and a closed pipe (`node worker.js | head`) must not stop the host; the
// failed write surfaces as EPIPE on the stream instead (https://nodejs.org/api/process.html#signal-events). SIGHUP
// and SIGBREAK keep Node's defaults. A second shutdown signal exits at once with 128 + the signal number (130 for
// SIGINT, 143 for SIGTERM), the shell convention for death by signal, for when a service will not stop.

/** The shutdown signals `run()` handles. */
export type ShutdownSignal = 'SIGINT' | 'SIGTERM';

/** The process-level faults `run()` handles. */
export type ProcessFaultKind = 'uncaughtException' | 'unhandledRejection';

type ProcessEvent = ShutdownSignal | ProcessFaultKind;

/** The part of `process` the lifetime uses; tests pass a fake. */
export interface ProcessLike {
  on(event: ProcessEvent, listener: (value: unknown) => void): unknown;
  off(event: ProcessEvent, listener: (value: unknown) => void): unknown;
  exit(code: number): void;
}

/** What the lifetime reports to the host. */
export interface LifetimeHandlers {
  /** The first SIGINT or SIGTERM: stop gracefully. */
  shutdown(signal: ShutdownSignal): void;
  /** A second one, just before the process exits. */
  forced(signal: ShutdownSignal, exitCode: number): void;
  /** An uncaught exception or unhandled rejection. */
  fault(kind: ProcessFaultKind, reason: unknown): void;
}

const SIGNAL_NUMBER: Readonly<Record<ShutdownSignal, number>> = { SIGINT: 2, SIGTERM: 15 };

/** Installs the listeners of `run()` on attach and removes every one of them on detach. */
export class ProcessSignalLifetime {
  readonly #process: ProcessLike;
  readonly #handlers: LifetimeHandlers;
  readonly #listeners = new Map<ProcessEvent, (value: unknown) => void>();
  #signalled = false;

  constructor(process: ProcessLike, handlers: LifetimeHandlers) {
    this.#process = process;
    this.#handlers = handlers;
  }

  attach(): void {
    for (const signal of Object.keys(SIGNAL_NUMBER) as ShutdownSignal[]) {
      this.#listen(signal, () => this.#onSignal(signal));
    }
    this.#listen('uncaughtException', (error) => this.#handlers.fault('uncaughtException', error));
    this.#listen('unhandledRejection', (reason) => this.#handlers.fault('unhandledRejection', reason));
  }

  detach(): void {
    for (const [event, listener] of this.#listeners) this.#process.off(event, listener);
    this.#listeners.clear();
  }

  #listen(event: ProcessEvent, listener: (value: unknown) => void): void {
    this.#listeners.set(event, listener);
    this.#process.on(event, listener);
  }

  #onSignal(signal: ShutdownSignal): void {
    if (!this.#signalled) {
      this.#signalled = true;
      this.#handlers.shutdown(signal);
      return;
    }
    // The graceful stop is taking too long for whoever sent this: give up on it.
    const exitCode = 128 + SIGNAL_NUMBER[signal];
    this.#handlers.forced(signal, exitCode);
    this.#process.exit(exitCode);
  }
}
