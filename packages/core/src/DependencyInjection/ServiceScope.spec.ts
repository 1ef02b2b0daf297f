import { describe, expect, it } from 'vitest';
import { BatonError } from '../Errors/BatonError.js';
import { BatonErrorCode } from '../Errors/BatonErrorCode.js';
import { ScopeFactory } from './ScopeFactory.js';
import { ServiceCollection } from './ServiceCollection.js';
import { token } from './Token.js';

interface Repo {
  readonly id: number;
}
const Repo = token<Repo>('test/Repo');
const Unit = token<{ repo: Repo }>('test/Unit');

let nextId = 0;
class MemoryRepo implements Repo {
  readonly id = ++nextId;
}

class UnitOfWork {
  static inject = [Repo] as const;
  constructor(readonly repo: Repo) {}
}

describe('ServiceScope', () => {
  describe('when a scoped service is resolved', () => {
    it('should share one instance within a scope and create another per scope', () => {
      const provider = new ServiceCollection().addScoped(Repo, MemoryRepo).addScoped(Unit, UnitOfWork).buildServiceProvider();
      const first = provider.createScope();
      const second = provider.createScope();

      expect(first.get(Repo)).toBe(first.get(Repo));
      expect(first.get(Unit).repo).toBe(first.get(Repo));
      expect(second.get(Repo)).not.toBe(first.get(Repo));
    });

    it('should share singletons across scopes and create transients every time', () => {
      const Single = token<MemoryRepo>('test/Single');
      const Fresh = token<MemoryRepo>('test/Fresh');
      const provider = new ServiceCollection().addSingleton(Single, MemoryRepo).addTransient(Fresh, MemoryRepo).buildServiceProvider();
      const scope = provider.createScope();

      expect(scope.get(Single)).toBe(provider.get(Single));
      expect(scope.get(Fresh)).not.toBe(scope.get(Fresh));
    });

    it('should resolve ScopeFactory to the root provider', () => {
      const provider = new ServiceCollection().addScoped(Repo, MemoryRepo).buildServiceProvider();
      const factory = provider.get(ScopeFactory);

      expect(factory.createScope().get(Repo)).toBeInstanceOf(MemoryRepo);
    });
  });

  describe('when the scope is disposed', () => {
    it('should dispose scoped and transient instances in reverse order of creation, running every disposer', async () => {
      const order: string[] = [];
      const disposable = (name: string, fail = false) => ({
        async [Symbol.asyncDispose]() {
          order.push(name);
          if (fail) throw new Error(`${name} failed`);
        },
      });
      const A = token<object>('test/A');
      const B = token<object>('test/B');
      const C = token<object>('test/C');
      const D = token<object>('test/D');
      const provider = new ServiceCollection()
        .addScoped(A, { useFactory: () => disposable('A') })
        .addScoped(B, { useFactory: (s) => (s.get(A), disposable('B', true)), deps: [A] })
        .addTransient(C, { useFactory: () => ({ dispose: () => void order.push('C') }) })
        .addScoped(D, {
          useFactory: () => ({
            [Symbol.dispose]: () => {
              order.push('D');
              throw 'not an error';
            },
          }),
        })
        .buildServiceProvider();
      const scope = provider.createScope();
      scope.get(B);
      scope.get(C);
      scope.get(D);

      const error = await scope.dispose().then(
        () => undefined,
        (reason: unknown) => reason,
      );

      expect(order).toStrictEqual(['D', 'C', 'B', 'A']);
      expect(BatonError.is(error, BatonErrorCode.DiDisposeFailed)).toBe(true);
      expect(((error as Error).cause as AggregateError).errors).toHaveLength(2);
    });

    it('should support await using and refuse to resolve afterwards', async () => {
      let disposed = 0;
      const provider = new ServiceCollection().addScoped(Repo, { useFactory: () => ({ id: 1, dispose: () => void disposed++ }) }).buildServiceProvider();
      let escaped: { get: typeof provider.get } | undefined;
      {
        await using scope = provider.createScope();
        scope.get(Repo);
        escaped = scope;
      }

      expect(disposed).toBe(1);
      expect(() => escaped?.get(Repo)).toThrowError(expect.objectContaining({ code: BatonErrorCode.DiScopeDisposed }));
    });

    it('should be idempotent', async () => {
      let disposed = 0;
      const provider = new ServiceCollection().addScoped(Repo, { useFactory: () => ({ id: 1, dispose: () => void disposed++ }) }).buildServiceProvider();
      const scope = provider.createScope();
      scope.get(Repo);

      await Promise.all([scope.dispose(), scope.dispose()]);
      await scope.dispose();

      expect(disposed).toBe(1);
    });

    it('should not dispose singletons, which the provider disposes', async () => {
      const order: string[] = [];
      const provider = new ServiceCollection()
        .addSingleton(Repo, { useFactory: () => ({ id: 1, dispose: () => void order.push('singleton') }) })
        .addSingleton(Unit, { useValue: { repo: { id: 2 }, dispose: () => void order.push('value') } as never })
        .buildServiceProvider();
      const scope = provider.createScope();
      scope.get(Repo);
      scope.get(Unit);

      await scope.dispose();
      expect(order).toStrictEqual([]);
      await provider.dispose();
      expect(order).toStrictEqual(['singleton']);
    });
  });
});
