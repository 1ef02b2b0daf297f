import { type DynamicModule, Global, Module } from '@nestjs/common';
import { BatonHost } from './BatonHost.js';
import { BatonModuleOptions } from './BatonModuleOptions.js';

/**
 * Runs a Baton host inside a Nest application: `BatonModule.forRoot({ host, configure })` in the root module's
 * imports. Global, so any module can inject {@link BatonHost}.
 */
@Global()
@Module({})
export class BatonModule {
  static forRoot(options: BatonModuleOptions): DynamicModule {
    return {
      module: BatonModule,
      providers: [{ provide: BatonModuleOptions, useValue: options }, BatonHost],
      exports: [BatonHost],
    };
  }
}
