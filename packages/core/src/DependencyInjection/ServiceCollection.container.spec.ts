import { Container } from 'inversify';
import { describe, expect, it } from 'vitest';
import { BatonError } from '../Errors/BatonError.js';
import { BatonErrorCode } from '../Errors/BatonErrorCode.js';
import { codeOf } from '../Errors/fakes/codeOf.js';
import { inject } from './inject.js';
import { injectable } from './injectable.js';
import type { InversifyContainer } from './InversifyContainer.js';
import { ServiceCollection } from './ServiceCollection.js';
import { token } from './Token.js';

interface Database {
  readonly id: number;
  closed: boolean;
  dispose(): void;
}
const Database = token<Database>('test/container/Database');
const Clock = token<{ now(): number }>('test/container/Clock');
const Unit = token<UnitOfWork>('test/container/Unit');
const Report = token<{ database: Database }>('test/container/Report');
const Request = token<object>('test/container/Request');

let nextId = 0;
class PgDatabase implements Database {
  readonly id = ++nextId;
  closed = false;
  dispose(): void {
    this.closed = true;
  }
}

class UnitOfWork {
  static inject = [Database, Clock] as const;
  constructor(
    readonly database: Database,
    readonly clock: { now(): number },
  ) {}
}

/** An app's own container: a singleton database and a transient clock. */
function appContainer(): Container {
  const container = new Container();
  container.bind(Database).to(PgDatabase).inSingletonScope();
  container.bind(Clock).toDynamicValue(() => ({ now: () => 42 }));
  return container;
}

describe('ServiceCollection with an inversify container', () => {
  describe('when a registered service depends on keys only the container binds', () => {
    it('should resolve them from the container, keeping the container own scopes', () => {
      const container = appContainer();
      const provider = new ServiceCollection({ container }).addScoped(Unit, UnitOfWork).buildServiceProvider();
      provider.validate();
      const first = provider.createScope();
      const second = provider.createScope();

      expect(first.get(Unit).database).toBe(container.get(Database));
      expect(second.get(Unit).database).toBe(first.get(Unit).database);
      expect(second.get(Unit)).not.toBe(first.get(Unit));
      expect(first.get(Clock)).not.toBe(first.get(Clock));
      expect(first.get(Unit).clock.now()).toBe(42);
    });

    it('should construct a decorated class with them', () => {
      @injectable()
      class DecoratedReport {
        constructor(@inject(Database) readonly database: Database) {}
      }
      const container = appContainer();
      const provider = new ServiceCollection({ container }).addTransient(Report, DecoratedReport).buildServiceProvider();

      expect(provider.get(Report).database).toBe(container.get(Database));
    });

    it('should answer has() and tryGet() for the container keys, and undefined for keys bound nowhere', () => {
      const provider = new ServiceCollection({ container: appContainer() }).buildServiceProvider();

      expect([provider.has(Database), provider.has(Request)]).toStrictEqual([true, false]);
      expect(provider.tryGet(Database)).toBeInstanceOf(PgDatabase);
      expect(provider.tryGet(Request)).toBeUndefined();
    });
  });

  describe('when the collection and the container both have a key', () => {
    it('should resolve the collection registration', () => {
      const own = { id: -1, closed: false, dispose: () => {} };
      const provider = new ServiceCollection({ container: appContainer() }).addSingleton(Database, { useValue: own }).buildServiceProvider();

      expect(provider.get(Database)).toBe(own);
    });
  });

  describe('when a scope that resolved a container instance is disposed', () => {
    it('should leave the instance to the container, and refuse later resolves', async () => {
      const container = appContainer();
      const provider = new ServiceCollection({ container }).addScoped(Unit, UnitOfWork).buildServiceProvider();
      const scope = provider.createScope();
      const database = scope.get(Unit).database;

      await scope.dispose();
      await provider.dispose();

      expect(database.closed).toBe(false);
      expect(codeOf(() => scope.get(Database))).toBe(BatonErrorCode.DiScopeDisposed);
      expect(codeOf(() => provider.get(Database))).toBe(BatonErrorCode.DiScopeDisposed);
    });
  });

  describe('when the graph is checked', () => {
    it('should report a key bound nowhere as DI_MISSING_BINDING, pointing at the container too', () => {
      const provider = new ServiceCollection({ container: appContainer() })
        .addSingleton(Report, { useFactory: () => ({ database: {} as Database }), deps: [Database, Request] })
        .buildServiceProvider();

      const error = thrown(() => provider.validate());
      expect([error.code, error.message]).toStrictEqual([
        BatonErrorCode.DiMissingBinding,
        expect.stringContaining("'test/container/Request' (needed by test/container/Report → test/container/Request)"),
      ]);
      expect(error.message).toContain('or bind it in the inversify container');
      expect(thrown(() => provider.get(Request)).message).toContain('or bind it in the inversify container');
    });

    it('should still refuse a singleton that holds a scoped service, and a scoped service from the root', () => {
      const provider = new ServiceCollection({ container: appContainer() })
        .addScoped(Unit, UnitOfWork)
        .addSingleton(Report, { useFactory: (services) => ({ database: services.get(Unit).database }), deps: [Unit] })
        .buildServiceProvider();

      expect(codeOf(() => provider.validate())).toBe(BatonErrorCode.DiCaptiveDependency);
      expect(codeOf(() => provider.get(Report))).toBe(BatonErrorCode.DiCaptiveDependency);
      expect(codeOf(() => provider.get(Unit))).toBe(BatonErrorCode.DiScopedFromRoot);
      expect(codeOf(() => provider.validate([Database]))).toBeUndefined();
    });
  });

  describe('when the container option is not an inversify container', () => {
    it.each([
      ['an empty object', { container: {} }],
      ['a container without get', { container: { isBound: () => true } }],
      ['null', { container: null }],
      ['an unknown option', { parent: new Container() }],
      ['a string', 'container'],
    ])('should throw DI_INVALID_CONTAINER for %s', (_label, options) => {
      expect(codeOf(() => new ServiceCollection(options as never))).toBe(BatonErrorCode.DiInvalidContainer);
    });

    it('should accept any object with isBound and get, such as a container from another copy of inversify', () => {
      const values = new Map<unknown, unknown>([[Database, new PgDatabase()]]);
      const container: InversifyContainer = { isBound: (key) => values.has(key), get: (key) => values.get(key) };

      expect(new ServiceCollection({ container }).buildServiceProvider().get(Database)).toBe(values.get(Database));
    });
  });
});

function thrown(action: () => unknown): BatonError {
  try {
    action();
  } catch (error) {
    if (BatonError.is(error)) return error;
    throw error;
  }
  throw new Error('Expected a BatonError; nothing was thrown.');
}
