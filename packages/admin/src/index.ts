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
