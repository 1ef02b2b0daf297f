import type { FastifyInstance } from 'fastify';
import { InMemoryPurchasing } from '../Services/InMemoryPurchasing.js';
import { Reorders } from '../Services/Reorders.js';
import { Warehouse } from '../Services/Warehouse.js';

/**
 * The warehouse API, as a Fastify plugin. Each handler resolves its services from `request.scope`.
 * - `GET /stock`: every SKU with its units on hand and on order.
 * - `POST /stock/:sku/pick` `{ "quantity": 25 }`: takes units off the shelf; 404 for an unknown SKU, 409 when
 *   too few are left.
 * - `POST /reorders`: runs the `inventory-sync` workflow now and answers with its report once it has ended
 *   (200 when it succeeded, 502 when it did not).
 * - `GET /purchase-orders`: the orders placed so far.
 */
export async function warehouseRoutes(app: FastifyInstance): Promise<void> {
  app.get('/stock', async (request) => request.scope.get(Warehouse).list());

  app.post<{ Params: { sku: string }; Body: { quantity: number } }>(
    '/stock/:sku/pick',
    { schema: { body: { type: 'object', required: ['quantity'], properties: { quantity: { type: 'integer', minimum: 1 } } } } },
    async (request, reply) => {
      const { sku } = request.params;
      const picked = request.scope.get(Warehouse).pick(sku, request.body.quantity);
      if (picked === undefined) return reply.code(404).send({ error: `Unknown SKU '${sku}'.` });
      if (picked === false) return reply.code(409).send({ error: `Not enough '${sku}' on hand.` });
      return picked;
    },
  );

  app.post('/reorders', async (request, reply) => {
    const result = await request.scope.get(Reorders).runNow();
    return reply.code(result.status === 'succeeded' ? 200 : 502).send(result);
  });

  app.get('/purchase-orders', async (request) => request.scope.get(InMemoryPurchasing).list());
}
