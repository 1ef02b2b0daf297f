// Keeps packages/postgres/README.md honest, as test/readme/testing-readme.int.spec.ts does for @baton/testing's: each
// ```ts block whose first line is `// Example: <what>` is a vitest test file, written to a temporary project that
// links the built @baton/core, @baton/host and @baton/postgres (run `npx -y pnpm@10.34.9 build` first), type-checked
// with the repository's compiler options and run with vitest against a database of its own (DATABASE_URL). Each name
// in the README's Main types table must be exported from src/index.ts, and each export must be there.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createExampleProject, type ExampleProject, examples, indexExports, mainTypeNames, packageReadme } from '../../../test/support/readmeExamples.js';
import { createTestDatabase, type TestDatabase } from './createTestDatabase.js';

const readme = packageReadme('postgres');

describe('packages/postgres/README.md', () => {
  describe('when its examples are run as written', () => {
    const found = examples(readme);
    let project: ExampleProject;
    let database: TestDatabase;

    beforeAll(async () => {
      const files = new Map([...found.values()].map((code, index) => [`example-${index + 1}.spec.ts`, code]));
      project = createExampleProject({
        name: 'postgres-readme-examples',
        packages: ['core', 'host', 'postgres'],
        modules: ['vitest'],
        links: { 'node-cron': 'packages/postgres/node_modules/node-cron' },
        files,
      });
      database = await createTestDatabase();
    });

    afterAll(async () => {
      project?.remove();
      await database?.drop();
    });

    it('should show addPostgres on a host and the node-cron coordinator', () => {
      expect([...found.keys()]).toStrictEqual(['durable runs on PostgreSQL', 'node-cron tasks on several replicas']);
      expect([...found.values()].join('\n')).toContain('addPostgres(host');
      expect(found.get('node-cron tasks on several replicas')).toContain('runCoordinator: coordinator');
    });

    it('should type-check under the repository compiler options', () => {
      const tsc = project.typecheck();
      expect(tsc.status, tsc.output).toBe(0);
    });

    it('should pass every test it declares when run with vitest against a database', () => {
      const vitest = project.vitest({ DATABASE_URL: database.url });
      expect(vitest.status, vitest.output).toBe(0);
      const passed = vitest.results;
      expect(passed).toStrictEqual([
        ['keeps the runs in PostgreSQL', 'passed'],
        ['runs each fire of a distributed task on one replica', 'passed'],
      ]);
    });
  });

  describe('when its Main types table is read', () => {
    it('should name only exports of @baton/postgres, and every one of them', () => {
      const exported = indexExports('postgres');
      const names = mainTypeNames(readme);
      expect(names.filter((name) => !exported.has(name))).toStrictEqual([]);
      expect([...exported].filter((name) => !names.includes(name))).toStrictEqual([]);
    });
  });
});
