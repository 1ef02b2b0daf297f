import type { AdminRequest } from './AdminRequest.js';
import type { AdminResponse } from './AdminResponse.js';

/**
 * The admin API and dashboard of one host, framework-free: a request in, a response out. Mount it with
 * `adminNodeHandler`, `adminExpress` or `adminFastify`, or call {@link Admin.handle} from any server.
 */
export interface Admin {
  /** The mount point, e.g. `/baton` (no trailing slash; `''` for the root). */
  readonly prefix: string;
  /**
   * Answers `request`, or resolves `undefined` when its path is not under {@link Admin.prefix} (pass it on).
   * Never rejects: a failure is a 500 with a message.
   */
  handle(request: AdminRequest): Promise<AdminResponse | undefined>;
  /** Ends the live event streams (so a server can close at once) and stops listening to the host. Idempotent. */
  close(): void;
}
