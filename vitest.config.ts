import { defineConfig } from 'vitest/config';

// The JSON report is what .ci/run counts; BATON_VITEST_REPORT lets it keep one report per Node version.
const jsonReport = process.env.BATON_VITEST_REPORT ?? '.vitest-report.json';

export default defineConfig({
  test: {
    reporters: ['default', ['json', { outputFile: jsonReport }]],
    // Vitest's default is one worker fewer than the cores: one file at a time on CI's 2 cores, where most integration
    // files wait on child processes and PostgreSQL. Two run at once (the chaos test still runs alone, after them).
    maxWorkers: 2,
    projects: [
      {
        extends: true,
        // Worker threads start faster than forked processes: the unit specs spawn nothing and touch no process-wide
        // state that would need a process each (that is what the integration specs do).
        test: { name: 'Unit', include: ['packages/*/src/**/*.spec.ts'], exclude: ['**/*.int.spec.ts', '**/node_modules/**'], pool: 'threads' },
      },
      {
        extends: true,
        test: {
          name: 'Integration',
          include: ['packages/*/src/**/*.int.spec.ts', 'packages/*/test/**/*.int.spec.ts', 'examples/*/src/**/*.int.spec.ts', 'test/**/*.int.spec.ts'],
          exclude: ['**/*.chaos.int.spec.ts', '**/node_modules/**'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // One throwaway PostgreSQL per run, for @baton/postgres's specs: inject('databaseUrl').
          globalSetup: ['packages/postgres/test/globalSetup.ts'],
        },
      },
      // The chaos test (three host processes, kills, a server restart) runs after the others, alone: it loads both
      // cores for a minute, which would make the timing specs beside it flaky, and be slowed by them.
      {
        extends: true,
        test: { name: 'Chaos', include: ['test/chaos/**/*.chaos.int.spec.ts'], sequence: { groupOrder: 1 } },
      },
    ],
  },
});
