import { Logger, type ServiceProvider } from '@baton/core';
import { createHost, type HealthReport, type Host, type StopResult } from '@baton/host';
import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { BatonModuleOptions } from './BatonModuleOptions.js';

/**
 * The Baton host inside the Nest application: created and started in `onApplicationBootstrap`, once every Nest
 * provider exists, and stopped in `onApplicationShutdown`, after Nest has closed the HTTP server.
 *
 * @remarks Inject it where Nest code needs Baton: `provider` resolves Baton services (e.g. `Workflows`), `health()`
 * is the host's report, and `stopResult` says, once the app has closed, whether the host stopped cleanly (Nest
 * logs an error a shutdown hook throws and carries on, so the result is kept for `main.ts` to choose the exit code).
 */
@Injectable()
export class BatonHost implements OnApplicationBootstrap, OnApplicationShutdown {
  #host: Host | undefined;
  #stopResult: StopResult | undefined;

  constructor(
    @Inject(BatonModuleOptions) private readonly options: BatonModuleOptions,
    @Inject(ModuleRef) private readonly moduleRef: ModuleRef,
  ) {}

  /** Baton's root provider; throws before the host has started. */
  get provider(): ServiceProvider {
    return this.#started().provider;
  }

  /** How the host stopped, once `onApplicationShutdown` has run; `undefined` before. */
  get stopResult(): StopResult | undefined {
    return this.#stopResult;
  }

  /** Runs the host's health checks; see `Host.health`. */
  health(): Promise<HealthReport> {
    return this.#started().health();
  }

  async onApplicationBootstrap(): Promise<void> {
    const host = createHost(this.options.host);
    this.options.configure(host, this.moduleRef);
    await host.start();
    this.#host = host;
  }

  async onApplicationShutdown(): Promise<void> {
    const host = this.#host;
    if (host === undefined) return;
    host.provider.get(Logger).info('HTTP server closed; stopping the Baton host');
    this.#stopResult = await host.stop();
  }

  #started(): Host {
    if (this.#host === undefined) throw new Error('The Baton host has not started: it starts in onApplicationBootstrap.');
    return this.#host;
  }
}
