/**
 * - `liveness`: fails only when the host cannot do its work (a hosted service faulted, a singleton lease the host
 *   could not fence, or the host stopped); runs
 *   only the host checks tagged for liveness, so a database never fails it.
 * - `readiness`: also fails while the host starts or stops (`shutting_down` at once on stop), on a stale workflow,
 *   and on a failing host check (a database that cannot be reached).
 */
export type ProbeKind = 'liveness' | 'readiness';
