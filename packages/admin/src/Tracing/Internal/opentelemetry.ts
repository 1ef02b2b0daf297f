// The one file of @baton/admin that imports @opentelemetry/api (the API only: Baton never registers a provider).
export { context, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
export type { Attributes, Context, Link, Span, SpanContext, Tracer, TracerProvider } from '@opentelemetry/api';
