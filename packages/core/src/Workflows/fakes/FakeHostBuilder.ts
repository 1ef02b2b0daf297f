// A minimal HostBuilder for these specs (@baton/host is built concurrently): builds the provider, resolves the
// hosted-service factories and starts/stops them in order.
import { ServiceCollection } from '../../DependencyInjection/ServiceCollection.js';
import type { ServiceProvider } from '../../DependencyInjection/ServiceProvider.js';
import type { HostBuilder, HostedServiceOptions, HostedServiceRegistration } from '../../Hosting/HostBuilder.js';
import type { HostedService } from '../../Hosting/HostedService.js';
import { isHostedService } from '../../Hosting/HostedService.js';

export class FakeHostBuilder implements HostBuilder {
  readonly services = new ServiceCollection();
  readonly registrations: { service: HostedServiceRegistration; options: HostedServiceOptions | undefined }[] = [];
  #provider: ServiceProvider | undefined;
  #started: HostedService[] = [];

  addHostedService(service: HostedServiceRegistration, options?: HostedServiceOptions): this {
    this.registrations.push({ service, options });
    return this;
  }

  addHealthCheck(): this {
    return this;
  }

  get provider(): ServiceProvider {
    this.#provider ??= this.services.buildServiceProvider();
    return this.#provider;
  }

  async start(): Promise<void> {
    for (const { service } of this.registrations) {
      const instance = isHostedService(service) ? service : (service as (services: ServiceProvider) => HostedService)(this.provider);
      await instance.start(new AbortController().signal);
      this.#started.push(instance);
    }
  }

  async stop(signal: AbortSignal = new AbortController().signal): Promise<void> {
    for (const service of [...this.#started].reverse()) await service.stop(signal);
    this.#started = [];
  }
}
