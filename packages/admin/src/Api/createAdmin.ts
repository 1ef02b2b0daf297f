import type { Host } from '@baton/host';
import type { Admin } from './Admin.js';
import type { AdminOptions } from './AdminOptions.js';
import { AdminCore } from './Internal/AdminCore.js';
import { resolveAdminOptions } from './Internal/resolveAdminOptions.js';

/**
 * The admin JSON API and the dashboard of `host`, framework-free. Create it before or after `host.start()`; it
 * reads the host's `Workflows` once the host runs, and keeps a tick ledger from then on.
 *
 * @remarks Routes, under {@link AdminOptions.prefix} (`/baton` by default):
 * - `GET /` the dashboard; `GET /api/session`, `/api/overview`, `/api/workflows`, `/api/runs?workflow=&status=&trigger=&from=&to=&id=&limit=&cursor=`,
 *   `/api/runs/:id`, `/api/ticks?workflow=`, `/api/instances`, `/api/audit`, and `/api/events` (server-sent events);
 * - `POST /api/workflows/:name/trigger` (`{ input }`), `/pause` (`{ until? }`), `/resume`; `POST /api/workflows/pause`
 *   and `/resume` (`{ workflows: [...] | "all" }`); `POST /api/runs/:id/cancel`, `/retry`, `/compensate`, `/resume`.
 *
 * Actions need `Authorization: Bearer <token>` (401 otherwise, and nothing changes); without a token they are
 * disabled (403), and `readOnly` answers 403 to every one. Each action is written to the audit log. Bad input gets
 * 400 with a message, an unknown run 404, a body over `bodyLimit` 413.
 * @throws BATON_ERR_ADMIN_API_INVALID_OPTIONS for an unknown option or a wrong value (a token under 16 characters).
 * @example
 * ```ts
 * const admin = createAdmin(host, { token: process.env.BATON_ADMIN_TOKEN });
 * createServer(adminNodeHandler(admin)).listen(3000);
 * ```
 */
export function createAdmin(host: Host, options?: AdminOptions): Admin {
  return new AdminCore(host, resolveAdminOptions(options));
}
