import { defineConfig } from 'vitest/config';

// The JSON report is what .ci/run counts; BATON_VITEST_REPORT lets it keep one report per Node version.
const jsonReport = process.env.BATON_VITEST_REPORT ?? '.vitest-report.json';

export default defineConfig({
  test: {
    reporters: ['default', ['json', { outputFile: jsonReport }]],
    projects: [
      {
        extends: true,
        test: { name: 'Unit', include: ['packages/*/src/**/*.spec.ts'], exclude: ['**/*.int.spec.ts', '**/node_modules/**'] },
      },
      {
        extends: true,
        test: {
          name: 'Integration',
          include: ['packages/*/src/**/*.int.spec.ts', 'packages/*/test/**/*.int.spec.ts', 'examples/*/src/**/*.int.spec.ts', 'test/**/*.int.spec.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // One throwaway PostgreSQL per run, for @baton/postgres's specs: inject('databaseUrl').
          globalSetup: ['packages/postgres/test/globalSetup.ts'],
        },
      },
    ],
  },
});
