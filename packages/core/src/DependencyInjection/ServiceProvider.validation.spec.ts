import { describe, expect, it } from 'vitest';
import { BatonErrorCode } from '../Errors/BatonErrorCode.js';
import { ServiceCollection } from './ServiceCollection.js';
import { token } from './Token.js';

const A = token<object>('test/A');
const B = token<object>('test/B');
const C = token<object>('test/C');
const Missing = token<object>('test/Missing');

class Plain {}

function code(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return { code: (error as { code?: unknown }).code, message: (error as Error).message };
  }
  return undefined;
}

describe('ServiceProvider.validate', () => {
  describe('when a dependency has no registration', () => {
    it('should throw DI_MISSING_BINDING naming the chain', () => {
      const provider = new ServiceCollection()
        .addSingleton(A, { useFactory: () => ({}), deps: [B] })
        .addSingleton(B, { useFactory: () => ({}), deps: [Missing] })
        .buildServiceProvider();

      expect(code(() => provider.validate())).toStrictEqual({
        code: BatonErrorCode.DiMissingBinding,
        message: expect.stringContaining("'test/Missing' (needed by test/A → test/B → test/Missing)"),
      });
    });
  });

  describe('when a dependency registered first misses a binding', () => {
    it('should name the chain from the service that nothing depends on, not from the first registration', () => {
      const Consumer = token<object>('test/Consumer');
      const provider = new ServiceCollection()
        .addSingleton(B, { useFactory: () => ({}), deps: [Missing] })
        .addSingleton(A, { useFactory: () => ({}), deps: [B] })
        .addSingleton(Consumer, { useFactory: () => ({}), deps: [A] })
        .buildServiceProvider();

      expect(code(() => provider.validate())).toStrictEqual({
        code: BatonErrorCode.DiMissingBinding,
        message: expect.stringContaining("'test/Missing' (needed by test/Consumer → test/A → test/B → test/Missing)"),
      });
    });
  });

  describe('when services depend on each other in a loop', () => {
    it('should throw DI_CYCLE naming the loop, at validation and at resolution', () => {
      class First {
        static inject = [B];
        constructor(readonly b: unknown) {}
      }
      class Second {
        static inject = [A];
        constructor(readonly a: unknown) {}
      }
      const provider = new ServiceCollection().addTransient(A, First).addTransient(B, Second).buildServiceProvider();

      expect(code(() => provider.validate())).toStrictEqual({
        code: BatonErrorCode.DiCycle,
        message: expect.stringContaining('test/A → test/B → test/A'),
      });
      expect(code(() => provider.get(A))).toStrictEqual({ code: BatonErrorCode.DiCycle, message: expect.stringContaining('test/A → test/B → test/A') });
    });
  });

  describe('when a singleton depends on a scoped service', () => {
    it('should throw DI_CAPTIVE_DEPENDENCY, also through a transient', () => {
      const provider = new ServiceCollection()
        .addSingleton(A, { useFactory: () => ({}), deps: [B] })
        .addTransient(B, { useFactory: () => ({}), deps: [C] })
        .addScoped(C, Plain)
        .buildServiceProvider();

      expect(code(() => provider.validate())).toStrictEqual({
        code: BatonErrorCode.DiCaptiveDependency,
        message: expect.stringContaining("Singleton 'test/A' depends on scoped 'test/C' (test/A → test/B → test/C)"),
      });
    });

    it('should throw DI_CAPTIVE_DEPENDENCY when the singleton is resolved, even from a scope', () => {
      class Holder {
        static inject = [C];
        constructor(readonly c: unknown) {}
      }
      const provider = new ServiceCollection().addSingleton(A, Holder).addScoped(C, Plain).buildServiceProvider();

      expect(code(() => provider.createScope().get(A))).toStrictEqual({ code: BatonErrorCode.DiCaptiveDependency, message: expect.any(String) });
    });
  });

  describe('when a scoped service is resolved from the root', () => {
    it('should throw DI_SCOPED_FROM_ROOT at resolution and when validated as a root', () => {
      const provider = new ServiceCollection().addScoped(C, Plain).buildServiceProvider();

      expect(code(() => provider.get(C))).toStrictEqual({ code: BatonErrorCode.DiScopedFromRoot, message: expect.stringContaining("'test/C'") });
      expect(code(() => provider.validate([C]))).toStrictEqual({ code: BatonErrorCode.DiScopedFromRoot, message: expect.stringContaining("'test/C'") });
    });

    it('should accept scoped graphs resolved from a scope', () => {
      const provider = new ServiceCollection()
        .addScoped(A, { useFactory: () => ({}), deps: [C] })
        .addScoped(C, Plain)
        .buildServiceProvider();

      expect(() => provider.validate()).not.toThrow();
    });
  });

  describe('when a registration is malformed', () => {
    it.each([
      ['a key that is neither a token nor a class', () => new ServiceCollection().addSingleton('nope' as never, Plain)],
      ['a token without implementation', () => new ServiceCollection().addSingleton(A)],
      ['a value registered as scoped', () => new ServiceCollection().addScoped(A, { useValue: {} })],
      [
        'a class with undeclared constructor parameters',
        () =>
          new ServiceCollection().addSingleton(
            A,
            class Needy {
              constructor(readonly x: number) {}
            },
          ),
      ],
      ['an undefined dependency (a circular import)', () => new ServiceCollection().addSingleton(A, { useFactory: () => ({}), deps: [undefined as never] })],
      ['a non-function factory', () => new ServiceCollection().addSingleton(A, { useFactory: 42 as never })],
    ])('should reject %s with DI_INVALID_REGISTRATION', (_what, register) => {
      expect(code(register)).toStrictEqual({ code: BatonErrorCode.DiInvalidRegistration, message: expect.any(String) });
    });

    it('should refuse registrations after the provider is built', () => {
      const services = new ServiceCollection();
      services.buildServiceProvider();

      expect(code(() => services.addSingleton(A, Plain))).toStrictEqual({ code: BatonErrorCode.DiProviderBuilt, message: expect.any(String) });
    });
  });
});
