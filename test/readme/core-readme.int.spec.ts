// Keeps packages/core/README.md honest. Its Workflows example (the ```ts block whose first line is
// `// Example: workflows`) is written to a temporary project, type-checked with the repository's compiler options and
// run with tsx; what it prints must match the `// Prints:` comment that ends the block. The project links the built
// @baton/core and @baton/host (run `npx -y pnpm@10.34.9 run build` first) and @types/node, as
// test/orchestrations/create-orchestration.int.spec.ts does. Each name in the README's Main types table must be
// exported from packages/core/src/index.ts.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createExampleProject, type ExampleProject, examples, indexExports, mainTypeNames, packageReadme, repoRoot } from '../support/readmeExamples.js';

const readme = packageReadme('core');
const PRINTS = '// Prints:';

/** The lines after `// Prints:` at the end of `code`, without their `// `. */
function printedLines(code: string): string[] {
  const lines = code.trimEnd().split('\n');
  const start = lines.indexOf(PRINTS);
  if (start === -1) throw new Error(`The example has no '${PRINTS}' comment saying what it prints.`);
  return lines.slice(start + 1).map((line) => line.replace(/^\/\/ ?/, ''));
}

describe('packages/core/README.md', () => {
  const example = examples(readme).get('workflows');

  describe('when the Workflows example is run as written', () => {
    let project: ExampleProject;

    beforeAll(() => {
      expect(example, "Expected a ```ts block starting with '// Example: workflows' in the README.").toBeDefined();
      project = createExampleProject({ name: 'core-readme-example', packages: ['core', 'host'], files: new Map([['example.ts', example!]]) });
    });

    afterAll(() => project?.remove());

    it('should type-check under the repository compiler options', () => {
      const tsc = project.typecheck();

      expect(tsc.status, tsc.output).toBe(0);
    });

    it('should print what its Prints comment says', () => {
      const executed = project.tsx('example.ts');

      expect(executed.status, executed.output).toBe(0);
      expect(executed.stdout.trimEnd().split('\n')).toStrictEqual(printedLines(example!));
    });
  });

  describe("when its Workflows section is read, and the root README's", () => {
    it("should introduce defineWorkflow<TInput>(), which types the first step's input", () => {
      const rootReadme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
      const section = (markdown: string): string =>
        markdown.slice(markdown.indexOf('## Workflows'), markdown.indexOf('\n## ', markdown.indexOf('## Workflows') + 1));

      for (const workflows of [section(readme), section(rootReadme)]) {
        expect(workflows).toContain('defineWorkflow<TInput>()');
        expect(workflows).toMatch(/defineWorkflow<\{ sku: string; quantity: number \}>\('reorder'\)/);
      }
      // The core example runs it: its input is type-checked by trigger and reaches the first step.
      expect(example).toContain("trigger(reorder, { sku: 'sku-9', quantity: 2 })");
    });
  });

  describe('when its Main types table is read', () => {
    it('should name only exports of @baton/core', () => {
      const exported = indexExports('core');
      const names = mainTypeNames(readme);

      expect(names.length).toBeGreaterThan(40);
      expect(names.filter((name) => !exported.has(name))).toStrictEqual([]);
    });
  });
});
