// What the workflow engine is given by the host: its clock, logger, scopes, stores and root provider.
import type { ScopeFactory } from '../../DependencyInjection/ScopeFactory.js';
import type { ServiceResolver } from '../../DependencyInjection/ServiceResolver.js';
import type { Logger } from '../../Logging/Logger.js';
import type { AuditLog } from '../../Runs/AuditLog.js';
import type { ControlChannel } from '../../Runs/ControlChannel.js';
import type { Coordinator } from '../../Runs/Coordinator.js';
import type { ScheduleStore } from '../../Runs/ScheduleStore.js';
import type { RunStore } from '../../Runs/RunStore.js';
import type { Serializer } from '../../Runs/Serializer.js';
import type { Clock } from '../../Time/Clock.js';

export interface EngineServices {
  readonly clock: Clock;
  readonly logger: Logger;
  readonly scopes: ScopeFactory;
  readonly store: RunStore;
  readonly coordinator: Coordinator;
  readonly serializer: Serializer;
  readonly audit: AuditLog;
  readonly schedules: ScheduleStore;
  readonly channel: ControlChannel;
  /** The root provider: `has()` answers whether a `.uses` token is bound. */
  readonly resolver: ServiceResolver;
}
