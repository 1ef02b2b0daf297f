import type { TracerProvider } from './Internal/opentelemetry.js';

/** Options of the OpenTelemetry spans; see {@link InstrumentationOptions.tracing}. */
export interface TracingOptions {
  /**
   * Where the spans go. Defaults to the global provider of `@opentelemetry/api`, read when the host starts: the one
   * the app's SDK registered, or a no-op when it registered none.
   */
  readonly tracerProvider?: TracerProvider;
}
