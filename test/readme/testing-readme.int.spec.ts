// Keeps packages/testing/README.md honest, as core-readme.int.spec.ts does for core's. Each of its ```ts blocks whose
// first line is `// Example: <what>` is a vitest test file: they are written to a temporary project, type-checked
// with the repository's compiler options, and run with vitest, where every test they declare must pass. The project
// links the built @baton/core, @baton/host and @baton/testing (run `npx -y pnpm@10.34.9 run build` first), vitest
// and @types/node. Each name in the README's Main types table must be exported from packages/testing/src/index.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createExampleProject, type ExampleProject, examples, indexExports, mainTypeNames, packageReadme } from '../support/readmeExamples.js';

const readme = packageReadme('testing');

/** The `it(...)` titles declared in `code`. */
function testTitles(code: string): string[] {
  return [...code.matchAll(/^it\('([^']+)'/gm)].map((match) => match[1]!);
}

describe('packages/testing/README.md', () => {
  describe('when its examples are run as written', () => {
    const found = examples(readme);
    let project: ExampleProject;

    beforeAll(() => {
      const files = new Map([...found.values()].map((code, index) => [`example-${index + 1}.spec.ts`, code]));
      project = createExampleProject({ name: 'testing-readme-examples', packages: ['core', 'host', 'testing'], modules: ['vitest'], files });
    });

    afterAll(() => project?.remove());

    it('should show createTestHost, await using and a bare ManualClock', () => {
      expect([...found.keys()]).toStrictEqual([
        'a workflow on a test host',
        'a manual run with await using',
        'a ManualClock driving a scheduler',
        'conformance with vitest',
        'conformance without a test runner',
        'operations contracts with vitest',
      ]);
      const code = [...found.values()].join('\n');
      for (const used of ['createTestHost(', '.advance(', '.runs(', '.statuses(', '.replace(', '.logs.', '.stop()', 'await using '])
        expect(code).toContain(used);
    });

    it('should type-check under the repository compiler options', () => {
      const tsc = project.typecheck();

      expect(tsc.status, tsc.output).toBe(0);
    });

    it('should pass every test it declares when run with vitest', () => {
      const vitest = project.vitest();

      expect(vitest.status, vitest.output).toBe(0);
      const passed = vitest.results;
      const declared = [...found.values()].flatMap(testTitles);
      // Every test ran and passed: the ones the examples declare by title, and the conformance cases registered for them.
      expect(passed.filter(([, status]) => status !== 'passed')).toStrictEqual([]);
      expect(declared.filter((title) => !passed.some(([name]) => name === title))).toStrictEqual([]);
      expect(passed.filter(([name]) => String(name).startsWith('fencing: ')).length).toBeGreaterThan(0);
    });
  });

  describe('when its Main types table is read', () => {
    it('should name only exports of @baton/testing, and every one of them', () => {
      const exported = indexExports('testing');
      const names = mainTypeNames(readme);

      expect(names.filter((name) => !exported.has(name))).toStrictEqual([]);
      expect([...exported].filter((name) => !names.includes(name))).toStrictEqual([]);
    });
  });
});
