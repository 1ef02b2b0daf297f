import { type RunRecord, type ServiceResolver, Workflows } from '@baton/core';
import { Checkout } from '../Interfaces/Checkout.js';
import { HostHealth } from '../Interfaces/HostHealth.js';
import { Inventory } from '../Interfaces/Inventory.js';
import { Outbox } from '../Interfaces/Outbox.js';
import { postTenant } from '../Orchestrations/postTenant.js';
import type { HttpResponse } from './HttpResponse.js';

/**
 * The shop's routes. `services` is the request's DI scope: scoped services (Checkout) are created for this
 * request only; singletons (Inventory, Outbox) are shared.
 *
 * - `GET /stock` and `GET /stock/:sku`: stock levels.
 * - `POST /orders` with `{ "sku": "apple", "quantity": 2 }`: 201 with the order, 409 when out of stock.
 * - `GET /orders/:id`: `{ id, status }`, status `pending` until the OutboxDispatcher has dispatched it.
 * - `POST /restock`: runs the restock workflow now and answers, once it has ended, with the run and its steps.
 * - `POST /tenants` with `{ "tenantId": "acme", "name": "Acme" }`: provisions the tenant (see `postTenant`).
 * - `GET /health`: the host's health report; 200 when healthy or degraded, 503 when unhealthy (for a load balancer
 *   or a Kubernetes probe).
 */
export function routeRequest(services: ServiceResolver, method: string, path: string, body: unknown): HttpResponse | Promise<HttpResponse> {
  const [resource, id, ...rest] = path.split('/').filter(Boolean);
  if (rest.length > 0) return notFound();

  if (resource === 'stock' && method === 'GET') {
    const inventory = services.get(Inventory);
    if (id === undefined) return { status: 200, body: inventory.list() };
    const quantity = inventory.quantityOf(id);
    return quantity === undefined ? notFound(`Unknown SKU '${id}'.`) : { status: 200, body: { sku: id, quantity } };
  }

  if (resource === 'orders' && id === undefined && method === 'POST') {
    const { sku, quantity } = (body ?? {}) as { sku?: unknown; quantity?: unknown };
    if (typeof sku !== 'string' || !Number.isInteger(quantity) || (quantity as number) < 1) {
      return { status: 400, body: { error: 'Send JSON like { "sku": "apple", "quantity": 2 }.' } };
    }
    const result = services.get(Checkout).placeOrder(sku, quantity as number);
    if (result.ok) return { status: 201, body: result.order };
    return result.reason === 'unknown-sku' ? notFound(`Unknown SKU '${sku}'.`) : { status: 409, body: { error: `Not enough '${sku}' in stock.` } };
  }

  if (resource === 'orders' && id !== undefined && method === 'GET') {
    const status = services.get(Outbox).statusOf(id);
    return status === undefined ? notFound(`Unknown order '${id}'.`) : { status: 200, body: { id, status } };
  }

  if (resource === 'restock' && id === undefined && method === 'POST') {
    return services
      .get(Workflows)
      .trigger('restock')
      .then((run) => ({ status: 200, body: describeRun(run) }));
  }

  if (resource === 'tenants' && id === undefined && method === 'POST') return postTenant(services, body);

  if (resource === 'health' && id === undefined && method === 'GET') {
    // Degraded still serves (e.g. a workflow waiting for a binding), so only unhealthy takes the instance out.
    return services
      .get(HostHealth)
      .report()
      .then((report) => ({ status: report.status === 'unhealthy' ? 503 : 200, body: report }));
  }

  return notFound();
}

/** The parts of a run record worth showing over HTTP (no stacks). */
function describeRun(run: RunRecord): unknown {
  return {
    id: run.id,
    workflow: run.workflow,
    status: run.status,
    error: run.error?.message,
    steps: run.steps.map(({ name, status, compensation }) => ({ name, status, compensation: compensation?.status })),
  };
}

function notFound(error = 'Not found. Try GET /stock, POST /orders, GET /orders/:id, POST /restock or GET /health.'): HttpResponse {
  return { status: 404, body: { error } };
}
