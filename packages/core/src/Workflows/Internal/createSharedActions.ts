// The operator actions that every replica must see: pause and resume (the ScheduleStore, then a signal) and cancel (at
// once here, or a cancel request to the run's owner through the ControlChannel). Each is written to the AuditLog.
import { BatonError } from '../../Errors/BatonError.js';
import { BatonErrorCode } from '../../Errors/BatonErrorCode.js';
import { toError } from '../../Errors/toError.js';
import type { ActionOptions, PauseOptions } from '../Workflows.js';
import type { AuditedAction, Auditor } from './Auditor.js';
import { actorOf, auditTarget } from './Auditor.js';
import { cancelledBy } from './cancelledBy.js';
import { describe } from './normalizeOptions.js';
import { readActionOptions } from './readActionOptions.js';
import type { EngineAccess } from './WorkflowControl.js';
import type { WorkflowEntry } from './WorkflowEntry.js';

export interface SharedActions {
  /** Pauses (`paused`) or resumes `name` on every replica. */
  readonly setPaused: (name: string, paused: boolean, options: PauseOptions | ActionOptions | undefined) => Promise<void>;
  readonly cancel: (runId: string, options: ActionOptions | undefined) => Promise<boolean>;
}

export function createSharedActions(engine: EngineAccess, entry: (name: string) => WorkflowEntry, auditor: Auditor): SharedActions {
  /** Pauses or resumes `name` on every replica: the ScheduleStore first (durable), then here, then the others. */
  const setPaused = async (name: string, paused: boolean, options: PauseOptions | ActionOptions | undefined): Promise<void> => {
    const method = paused ? 'pause' : 'resume';
    const action: AuditedAction = { actor: actorOf(options), action: method, target: auditTarget(name) };
    let until: number | undefined;
    try {
      const target = entry(name);
      const schedules = engine.schedules();
      const channel = engine.channel();
      if (schedules === undefined || channel === undefined) {
        throw new BatonError(
          BatonErrorCode.WorkflowNotReady,
          `Workflows.${method}('${name}') needs the host's services: call it once the host is starting or started.`,
        );
      }
      ({ until } = readActionOptions(method, options, paused ? ['actor', 'until'] : ['actor'], engine.now()));
      await schedules.setPaused(name, paused, until).catch((error: unknown) => {
        throw controlFailed(`Workflows.${method}('${name}') could not be recorded in the ScheduleStore; nothing changed`, error);
      });
      engine.applyPause(target, paused, until);
      await channel
        .publish({ kind: 'schedule', workflow: name })
        .catch((error: unknown) =>
          engine.log().warn('Could not signal a schedule change; other replicas apply it at their next poll', { workflow: name, error: toError(error) }),
        );
    } catch (error) {
      return auditor.rethrow(action, error);
    }
    await auditor.record(action, 'ok', until === undefined ? undefined : `until ${new Date(until).toISOString()}`);
  };

  const cancel = async (runId: string, options: ActionOptions | undefined): Promise<boolean> => {
    const action: AuditedAction = { actor: actorOf(options), action: 'cancel', target: auditTarget(runId) };
    let detail: string;
    try {
      const { actor } = readActionOptions('cancel', options, ['actor']);
      for (const target of engine.entries.values()) {
        const run = target.inflight.get(runId);
        if (run === undefined) continue;
        run.controller.abort(cancelledBy(runId, target.def.name, actor));
        await auditor.record(action, 'ok', 'cancelled on this instance');
        return true;
      }
      const record = typeof runId === 'string' ? await engine.store()?.getRun(runId) : undefined;
      if (record?.status !== 'running') {
        await auditor.record(action, 'refused', record === undefined ? 'no such run' : `the run is ${record.status}`);
        return false;
      }
      await engine
        .channel()!
        .requestCancel(runId, actor)
        .catch((error: unknown) => {
          throw controlFailed(`Workflows.cancel(${describe(runId)}) could not be sent to the run's owner`, error);
        });
      detail = `requested of its owner ${record.owner ?? '(none)'}`;
      engine.log().info('Run cancel requested of its owner', { workflow: record.workflow, runId, owner: record.owner, actor });
    } catch (error) {
      return auditor.rethrow(action, error);
    }
    await auditor.record(action, 'ok', detail);
    return true;
  };

  return { setPaused, cancel };
}

function controlFailed(message: string, cause: unknown): BatonError {
  return new BatonError(BatonErrorCode.WorkflowControlFailed, `${message}: ${toError(cause).message}`, { cause });
}
