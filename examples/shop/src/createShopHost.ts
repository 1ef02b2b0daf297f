import { createHost, type Host, type HostOptions } from '@baton/host';
import { addPostgres } from '@baton/postgres';
import { LowStockMonitor } from './BackgroundServices/LowStockMonitor.js';
import { OutboxDispatcher } from './BackgroundServices/OutboxDispatcher.js';
import { OutboxHealthCheck } from './Health/OutboxHealthCheck.js';
import { HttpServerService } from './Http/HttpServerService.js';
import { Checkout } from './Interfaces/Checkout.js';
import { HostHealth } from './Interfaces/HostHealth.js';
import { Inventory } from './Interfaces/Inventory.js';
import { Outbox } from './Interfaces/Outbox.js';
import { ShopOptions } from './Interfaces/ShopOptions.js';
import { bindShopOrchestrationServices } from './Orchestrations/bindShopOrchestrationServices.js';
import { readOrchestrationSettings } from './Orchestrations/readOrchestrationSettings.js';
import { shopOrchestrations } from './Orchestrations/shopOrchestrations.js';
import { CheckoutService } from './Services/CheckoutService.js';
import { InMemoryInventory } from './Services/InMemoryInventory.js';
import { InMemoryOutbox } from './Services/InMemoryOutbox.js';
import { addRestockWorkflow } from './Workflows/addRestockWorkflow.js';

/**
 * The composition root: the shop's services and its hosted services on one host. `Clock` and `Logger` come from
 * the host. Hosted services start in registration order and stop in reverse, so the HTTP server (last) starts
 * once the background services run and stops before them.
 */
export function createShopHost(options: ShopOptions, hostOptions: HostOptions = {}): Host {
  const orchestrationSettings = readOrchestrationSettings(process.env);
  // Two orchestration packages, loaded by name when the host starts (BATON_ORCHESTRATIONS=inventory-sync loads one).
  const host = createHost({ name: 'shop', shutdownTimeout: '10s', orchestrations: shopOrchestrations(orchestrationSettings), ...hostOptions });

  host.services
    .addSingleton(ShopOptions, { useValue: options })
    .addSingleton(Inventory, InMemoryInventory)
    .addSingleton(Outbox, InMemoryOutbox)
    .addScoped(Checkout, CheckoutService)
    // `GET /health` resolves the host's report through this token.
    .addSingleton(HostHealth, { useValue: { report: (signal) => host.health({ signal }) } });

  // Beside the built-in `host` and `workflows` entries: the outbox backlog (a class, resolved at start).
  host.addHealthCheck('outbox', OutboxHealthCheck, { timeout: '1s', tags: ['ready'] });

  // The restock workflow, and with it the workflow engine (a hosted service): registered before the HTTP server,
  // so it runs before `POST /restock` can reach it and stops after the server.
  addRestockWorkflow(host, options.restockIntervalMs);

  // The services the orchestrations compose: the in-memory fakes of src/Fakes (FAKE_FAILURE_RATE, FAKE_SEED). The
  // orchestrations run on the same workflow engine as restock. `POST /tenants` triggers tenant provisioning.
  bindShopOrchestrationServices(host, orchestrationSettings.fakes);

  // DATABASE_URL: the runs on PostgreSQL (@baton/postgres), so that replicas share them: each restock tick runs on one
  // replica, and a run cut short on one carries on on another. Unset: the runs stay in memory, per process.
  const databaseUrl = process.env.DATABASE_URL;
  if (databaseUrl !== undefined && databaseUrl !== '') addPostgres(host, { url: databaseUrl });

  host.addHostedService(LowStockMonitor).addHostedService(OutboxDispatcher).addHostedService(HttpServerService);

  return host;
}
