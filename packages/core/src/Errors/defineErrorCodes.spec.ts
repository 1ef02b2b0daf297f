import { describe, expect, expectTypeOf, it, vi } from 'vitest';
import type { AnyBatonErrorCode } from './AnyBatonErrorCode.js';
import { BatonError } from './BatonError.js';
import { BatonErrorCode } from './BatonErrorCode.js';
import { defineErrorCodes } from './defineErrorCodes.js';
import { codeOf } from './fakes/codeOf.js';
import { registeredErrorCodes } from './registeredErrorCodes.js';

// The registry is process-wide, so each case uses an owner and codes of its own.

describe(defineErrorCodes, () => {
  describe('when a package defines codes of its own', () => {
    const WidgetErrorCode = defineErrorCodes('test/widgets', {
      WidgetJammed: 'BATON_ERR_TEST_WIDGET_JAMMED',
      WidgetMissing: 'BATON_ERR_TEST_WIDGET_MISSING',
    } as const);

    it('should return the map, frozen', () => {
      expect(WidgetErrorCode).toStrictEqual({ WidgetJammed: 'BATON_ERR_TEST_WIDGET_JAMMED', WidgetMissing: 'BATON_ERR_TEST_WIDGET_MISSING' });
      expect(Object.isFrozen(WidgetErrorCode)).toBe(true);
    });

    it('should record them under their owner, in order', () => {
      expect(registeredErrorCodes().get('test/widgets')).toStrictEqual(['BATON_ERR_TEST_WIDGET_JAMMED', 'BATON_ERR_TEST_WIDGET_MISSING']);
    });

    it('should let a BatonError carry one, and BatonError.is match it', () => {
      const error: unknown = new BatonError(WidgetErrorCode.WidgetJammed, "Widget 'w-1' is jammed.");

      expect(BatonError.is(error, WidgetErrorCode.WidgetJammed)).toBe(true);
      expect(BatonError.is(error, WidgetErrorCode.WidgetMissing)).toBe(false);
      expect(BatonError.is(error, BatonErrorCode.DiCycle)).toBe(false);
      expect(error).toMatchObject({ code: 'BATON_ERR_TEST_WIDGET_JAMMED', message: "Widget 'w-1' is jammed. (BATON_ERR_TEST_WIDGET_JAMMED)" });
    });

    it('should keep the literal types, and BatonError.is narrow the code', () => {
      expectTypeOf(WidgetErrorCode.WidgetJammed).toEqualTypeOf<'BATON_ERR_TEST_WIDGET_JAMMED'>();
      const error: unknown = new BatonError(WidgetErrorCode.WidgetJammed, 'jammed');
      if (BatonError.is(error, WidgetErrorCode.WidgetJammed)) expectTypeOf(error.code).toEqualTypeOf<'BATON_ERR_TEST_WIDGET_JAMMED'>();
      if (BatonError.is(error)) expectTypeOf(error.code).toEqualTypeOf<AnyBatonErrorCode>();
      // @ts-expect-error: a code is shaped BATON_ERR_<AREA>_<WHAT>.
      const wrong: Parameters<typeof defineErrorCodes>[1] = { Wrong: 'WIDGET_JAMMED' };
      expect(wrong).toBeDefined();
    });

    it('should allow the same owner to define its codes again (two copies of one package)', () => {
      const again = defineErrorCodes('test/widgets', { WidgetJammed: 'BATON_ERR_TEST_WIDGET_JAMMED' } as const);

      expect(again.WidgetJammed).toBe(WidgetErrorCode.WidgetJammed);
      expect(registeredErrorCodes().get('test/widgets')).toStrictEqual(['BATON_ERR_TEST_WIDGET_JAMMED', 'BATON_ERR_TEST_WIDGET_MISSING']);
    });
  });

  it("should define core's own codes under '@baton/core'", () => {
    expect(registeredErrorCodes().get('@baton/core')).toStrictEqual(Object.values(BatonErrorCode));
  });

  describe('when a code is not shaped BATON_ERR_<AREA>_<WHAT>', () => {
    it.each<[string, unknown]>([
      ['no prefix', 'WIDGET_JAMMED'],
      ['lower case', 'BATON_ERR_test_lower_case'],
      ['one word after the prefix', 'BATON_ERR_TESTONEWORD'],
      ['a doubled underscore', 'BATON_ERR_TEST__DOUBLE'],
      ['a trailing underscore', 'BATON_ERR_TEST_TRAILING_'],
      ['not a string', 42],
    ])('should refuse %s, and record nothing of the map', (_, code) => {
      const owner = `test/invalid-${String(code)}`;
      const define = () => defineErrorCodes(owner, { Fine: 'BATON_ERR_TEST_INVALID_FINE', Wrong: code } as Record<string, AnyBatonErrorCode>);

      expect(codeOf(define)).toBe(BatonErrorCode.ErrorCodesInvalid);
      expect(registeredErrorCodes().has(owner)).toBe(false);
    });
  });

  describe('when the owner or the map is not usable', () => {
    it.each<[string, unknown, unknown]>([
      ['an empty owner', '', { Fine: 'BATON_ERR_TEST_OWNERLESS_FINE' }],
      ['a non-string owner', 42, { Fine: 'BATON_ERR_TEST_OWNERLESS_FINE' }],
      ['no map', 'test/no-map', undefined],
      ['an array', 'test/no-map', ['BATON_ERR_TEST_ARRAY_CODE']],
    ])('should refuse %s', (_, owner, codes) => {
      expect(codeOf(() => defineErrorCodes(owner as string, codes as Record<string, AnyBatonErrorCode>))).toBe(BatonErrorCode.ErrorCodesInvalid);
    });
  });

  describe('when another package already owns a code', () => {
    it('should refuse it with a message naming both packages, and record nothing of the map', () => {
      const define = () => defineErrorCodes('test/thief', { Own: 'BATON_ERR_TEST_THIEF_OWN', Taken: BatonErrorCode.DiCycle });

      expect(codeOf(define)).toBe(BatonErrorCode.ErrorCodesDuplicate);
      expect(() => define()).toThrow("'test/thief' defines BATON_ERR_DI_CYCLE, which '@baton/core' already owns");
      expect(registeredErrorCodes().has('test/thief')).toBe(false);
    });
  });

  describe('when a map lists one code under two names', () => {
    it('should refuse it', () => {
      const define = () => defineErrorCodes('test/twice', { First: 'BATON_ERR_TEST_TWICE_CODE', Second: 'BATON_ERR_TEST_TWICE_CODE' });

      expect(codeOf(define)).toBe(BatonErrorCode.ErrorCodesDuplicate);
      expect(registeredErrorCodes().has('test/twice')).toBe(false);
    });
  });

  describe('when two copies of @baton/core are loaded', () => {
    it('should share one registry between them', async () => {
      vi.resetModules();
      const copy = (await import('./defineErrorCodes.js')) as typeof import('./defineErrorCodes.js');
      const copyCodes = (await import('./BatonErrorCode.js')) as typeof import('./BatonErrorCode.js');
      expect(copy.defineErrorCodes).not.toBe(defineErrorCodes);

      copy.defineErrorCodes('test/copy-a', { Shared: 'BATON_ERR_TEST_COPY_SHARED' });

      expect(codeOf(() => defineErrorCodes('test/copy-b', { Shared: 'BATON_ERR_TEST_COPY_SHARED' }))).toBe(BatonErrorCode.ErrorCodesDuplicate);
      expect(copyCodes.BatonErrorCode).toStrictEqual(BatonErrorCode);
      expect(registeredErrorCodes().get('test/copy-a')).toStrictEqual(['BATON_ERR_TEST_COPY_SHARED']);
    });
  });
});
