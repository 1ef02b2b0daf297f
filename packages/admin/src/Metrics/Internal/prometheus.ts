// The one file of @baton/admin that imports prom-client.
export { Counter, Gauge, Histogram, Registry } from 'prom-client';
export type { Registry as PrometheusRegistry } from 'prom-client';
