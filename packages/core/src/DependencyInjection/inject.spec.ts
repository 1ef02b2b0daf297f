import { describe, expect, it, vi } from 'vitest';
import { inject } from './inject.js';
import { injectable } from './injectable.js';
import { ServiceCollection } from './ServiceCollection.js';
import { token } from './Token.js';

interface Greeter {
  greet(): string;
}
const Greeter = token<Greeter>('test/Greeter');
const Name = token<string>('test/Name');

@injectable()
class NameGreeter implements Greeter {
  constructor(@inject(Name) private readonly name: string) {}
  greet(): string {
    return `hello ${this.name}`;
  }
}

@injectable()
class Shouter {
  constructor(@inject(Greeter) readonly greeter: Greeter) {}
}

describe(inject, () => {
  describe('when a class is decorated without emitDecoratorMetadata', () => {
    it('should construct it through inversify with the declared dependencies and lifetimes', () => {
      const provider = new ServiceCollection()
        .addSingleton(Name, { useValue: 'baton' })
        .addScoped(Greeter, NameGreeter)
        .addScoped(Shouter)
        .buildServiceProvider();
      provider.validate();
      const scope = provider.createScope();

      expect(scope.get(Shouter).greeter.greet()).toBe('hello baton');
      expect(scope.get(Shouter).greeter).toBe(scope.get(Greeter));
      expect(provider.createScope().get(Greeter)).not.toBe(scope.get(Greeter));
    });
  });

  describe('when the class is registered with another copy of @baton/core', () => {
    it('should read the keys @inject recorded, as a host on the ESM build does for a class decorated through the CommonJS one', async () => {
      vi.resetModules();
      const other = await import('./ServiceCollection.js');
      expect(other.ServiceCollection).not.toBe(ServiceCollection);

      const provider = new other.ServiceCollection().addSingleton(Name, { useValue: 'copy' }).addTransient(Greeter, NameGreeter).buildServiceProvider();

      expect(provider.get(Greeter).greet()).toBe('hello copy');
    });
  });
});
