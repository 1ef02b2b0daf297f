import type { Instrumentation } from '../Instrumentation/Instrumentation.js';
import type { AdminRequest } from './AdminRequest.js';

/** Options of {@link createAdmin}. Unknown keys and wrong types are refused with `BATON_ERR_ADMIN_API_INVALID_OPTIONS`. */
export interface AdminOptions {
  /** Where the API and the dashboard are mounted, e.g. `'/baton'` (the default). `''` mounts them at the root. */
  readonly prefix?: string;
  /**
   * The bearer token that actions need (`Authorization: Bearer <token>`), compared in constant time; at least 16
   * characters. Without one, every action is disabled (403).
   */
  readonly token?: string;
  /** Require the token for reads too (the JSON API and the live events; the page itself holds no data). Defaults to false. */
  readonly protectReads?: boolean;
  /** Answer 403 to every action, token or not. Defaults to false. */
  readonly readOnly?: boolean;
  /** Largest request body accepted, in bytes; a larger one gets 413. Defaults to 64 KiB. */
  readonly bodyLimit?: number;
  /** How many tick outcomes the ledger keeps per workflow, newest first. Defaults to 200. */
  readonly tickLedgerSize?: number;
  /** A fired tick that started more than this many milliseconds after its slot is recorded `late`. Defaults to 1000. */
  readonly lateAfterMs?: number;
  /** The name an action is recorded under in the audit log. Defaults to `'admin'`. */
  readonly actor?: (request: AdminRequest) => string;
  /**
   * Health probes and metrics from `instrument(host)`, served beside the API: `GET <prefix>/health/live`,
   * `<prefix>/health/ready` (always open, for the kubelet) and `<prefix>/metrics` (protected with the reads).
   */
  readonly instrumentation?: Instrumentation;
  /** The dashboard's title. Defaults to the host's name. */
  readonly title?: string;
}
