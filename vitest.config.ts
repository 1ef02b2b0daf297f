import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        extends: true,
        test: { name: 'Unit', include: ['packages/*/src/**/*.spec.ts'], exclude: ['**/*.int.spec.ts', '**/node_modules/**'] },
      },
      {
        extends: true,
        test: {
          name: 'Integration',
          include: ['packages/*/src/**/*.int.spec.ts', 'packages/*/test/**/*.int.spec.ts', 'examples/*/src/**/*.int.spec.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
