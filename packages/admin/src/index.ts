/**
 * @baton/admin: operate Baton beside your API. Health probes, Prometheus metrics, OpenTelemetry spans, the admin
 * JSON API and the dashboard, reading only the public contracts and DI tokens of `@baton/core` and `@baton/host`.
 *
 * @packageDocumentation
 * @module @baton/admin
 */

// Admin API and dashboard (issue 12, items 4 and 5)
export type { Admin } from './Api/Admin.js';
export type { AdminOptions } from './Api/AdminOptions.js';
export type { AdminRequest } from './Api/AdminRequest.js';
export type { AdminBodyResponse, AdminEventSink, AdminEventStreamResponse, AdminResponse } from './Api/AdminResponse.js';
export { createAdmin } from './Api/createAdmin.js';
export { adminExpress } from './Http/adminExpress.js';
export { adminFastify } from './Http/adminFastify.js';
export { adminNodeHandler } from './Http/adminNodeHandler.js';
// End of admin API and dashboard exports

// Health, metrics and tracing (admin-obs): instrument(host, options) and what it returns.
export { instrument } from './Instrumentation/instrument.js';
export type { Instrumentation } from './Instrumentation/Instrumentation.js';
export type { InstrumentationOptions } from './Instrumentation/InstrumentationOptions.js';
export type { ObservabilityHandler } from './Instrumentation/ObservabilityHandler.js';
export type { ObservabilityRequest } from './Instrumentation/ObservabilityRequest.js';
export type { ObservabilityResponse } from './Instrumentation/ObservabilityResponse.js';
export type { HealthBody } from './Health/HealthBody.js';
export type { HealthCheckDetail } from './Health/HealthCheckDetail.js';
export type { HealthOptions } from './Health/HealthOptions.js';
export type { ProbeKind } from './Health/ProbeKind.js';
export type { TerminusBody } from './Health/TerminusBody.js';
export type { TerminusIndicator } from './Health/TerminusIndicator.js';
export { BatonMetricNames } from './Metrics/BatonMetricNames.js';
export type { MetricsOptions } from './Metrics/MetricsOptions.js';
export { BatonSpanAttributes } from './Tracing/BatonSpanAttributes.js';
export type { TracingOptions } from './Tracing/TracingOptions.js';
