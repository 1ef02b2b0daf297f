import { BatonError, BatonErrorCode, ServiceCollection, type Implementation, type ServiceKey } from '@baton/core';

/**
 * The host's `services`: a ServiceCollection that refuses changes once the host has started, with
 * `BATON_ERR_HOST_REGISTRATION_CLOSED` (the provider is built at start and would not see them).
 */
export class HostServiceCollection extends ServiceCollection {
  #closed = false;

  /** Refuses further registrations. */
  close(): void {
    this.#closed = true;
  }

  override addSingleton<T>(key: ServiceKey<T>, implementation?: Implementation<T>): this {
    this.#assertOpen();
    return super.addSingleton(key, implementation);
  }

  override addScoped<T>(key: ServiceKey<T>, implementation?: Implementation<T>): this {
    this.#assertOpen();
    return super.addScoped(key, implementation);
  }

  override addTransient<T>(key: ServiceKey<T>, implementation?: Implementation<T>): this {
    this.#assertOpen();
    return super.addTransient(key, implementation);
  }

  override remove(key: ServiceKey<unknown>): boolean {
    this.#assertOpen();
    return super.remove(key);
  }

  #assertOpen(): void {
    if (this.#closed) {
      throw new BatonError(
        BatonErrorCode.HostRegistrationClosed,
        'Cannot change host.services: the host has started and built its service provider. Register every service before host.start().',
      );
    }
  }
}
