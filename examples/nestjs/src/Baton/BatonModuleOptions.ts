import type { Host, HostOptions } from '@baton/host';
import type { ModuleRef } from '@nestjs/core';

/** What {@link BatonModule.forRoot} needs: the host's options, and what to register on it. */
export interface BatonModuleOptions {
  /** Options for `createHost` (name, shutdown budget, logger...). */
  readonly host?: HostOptions;
  /**
   * Registers services and orchestrations on the host, before it starts. `moduleRef` resolves Nest providers
   * (`moduleRef.get(MailService, { strict: false })`), so a Nest provider can be bound under the token an
   * orchestration composes.
   */
  readonly configure: (host: Host, moduleRef: ModuleRef) => void;
}

/** Nest injection token of the {@link BatonModuleOptions}. */
export const BatonModuleOptions = Symbol.for('@baton/example-nestjs/BatonModuleOptions');
