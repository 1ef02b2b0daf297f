import { InMemoryRunStore } from '@baton/core';
import { describe, expect, it } from 'vitest';
import { describeRunStoreConformance } from './describeRunStoreConformance.js';
import type { RunStoreFactory } from './RunStoreFactory.js';
import { runStoreConformance } from './runStoreConformance.js';

describe(describeRunStoreConformance, () => {
  describe('when given the describe and it of a test runner', () => {
    it('should register one suite with one test per case, each running its case', async () => {
      const factory: RunStoreFactory = ({ clock }) => new InMemoryRunStore({ clock });
      const suites: string[] = [];
      const tests: Array<{ name: string; body: () => Promise<void> }> = [];

      describeRunStoreConformance('InMemoryRunStore', factory, {
        describe: (name, body) => {
          suites.push(name);
          body();
        },
        it: (name, body) => tests.push({ name, body }),
      });

      expect(suites).toStrictEqual(['InMemoryRunStore']);
      expect(tests.map((test) => test.name)).toStrictEqual(runStoreConformance(factory).map((check) => check.name));
      await expect(tests[0]!.body()).resolves.toBeUndefined();
    });
  });
});
