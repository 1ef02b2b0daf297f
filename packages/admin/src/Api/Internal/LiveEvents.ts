import type { AdminEventSink } from '../AdminResponse.js';

/**
 * The server-sent event streams open on the dashboard: each event goes to every sink as `event: <name>` with a JSON
 * `data` line. A comment every 15 s keeps proxies from closing an idle stream.
 */
export class LiveEvents {
  readonly #sinks = new Set<AdminEventSink>();
  #keepAlive: NodeJS.Timeout | undefined;

  /** Adds `sink`; returns the function that removes it. */
  open(sink: AdminEventSink): () => void {
    this.#sinks.add(sink);
    sink.write('retry: 2000\n: connected\n\n');
    this.#keepAlive ??= setInterval(() => this.#broadcast(': keep-alive\n\n'), 15_000).unref();
    return () => this.#remove(sink);
  }

  publish(event: string, data: unknown): void {
    if (this.#sinks.size === 0) return;
    this.#broadcast(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  }

  /** Ends every stream. */
  close(): void {
    for (const sink of [...this.#sinks]) {
      this.#remove(sink);
      try {
        sink.end();
      } catch {
        // The client is already gone.
      }
    }
  }

  #broadcast(chunk: string): void {
    for (const sink of this.#sinks) {
      try {
        sink.write(chunk);
      } catch {
        this.#remove(sink);
      }
    }
  }

  #remove(sink: AdminEventSink): void {
    this.#sinks.delete(sink);
    if (this.#sinks.size === 0 && this.#keepAlive !== undefined) {
      clearInterval(this.#keepAlive);
      this.#keepAlive = undefined;
    }
  }
}
