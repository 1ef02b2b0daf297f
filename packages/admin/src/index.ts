/**
 * @baton/admin: operate Baton beside your API. Health probes, Prometheus metrics, OpenTelemetry spans, the admin
 * JSON API and the dashboard, reading only the public contracts and DI tokens of `@baton/core` and `@baton/host`.
 *
 * @packageDocumentation
 * @module @baton/admin
 */
