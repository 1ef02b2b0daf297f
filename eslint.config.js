// ESLint 10 flat config: the recommended JavaScript and typescript-eslint rules, tuned to how this repository writes
// code, plus one type-aware rule where the TypeScript projects reach (the packages and examples): a promise nobody
// awaits or handles. Formatting is Prettier's job (.prettierrc.json), not ESLint's.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: ['**/node_modules/**', '**/dist/**', 'coverage/**', 'docs/api/**', 'bench/results/**', '**/.tmp/**'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      ecmaVersion: 2024,
      sourceType: 'module',
      globals: { ...globals.node },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // A parameter a signature needs but the body does not is named `_x` (NullLogger's methods, for one).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' }],
      // `let h!: Harness` read by a step closure before `h = await start(...)` assigns it: const would put the read in the TDZ.
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
      // `declare global { namespace Express { ... } }` is how a library's types are augmented (examples/express).
      '@typescript-eslint/no-namespace': ['error', { allowDeclarations: true }],
      // An object literal's getter that reads a private field needs `const host = this` (DefaultHost.repl).
      '@typescript-eslint/no-this-alias': 'off',
    },
  },
  {
    // A lifecycle library lives on promises: one dropped on the floor hides a rejection. `void promise` says it is on purpose.
    files: ['packages/*/src/**/*.ts', 'examples/*/src/**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: { '@typescript-eslint/no-floating-promises': 'error' },
  },
  {
    // Specs also write `let h!: Harness; h = await start(workflowWhoseStepsRead(h))`, with the closure inside the
    // assignment, where the rule cannot see the read comes first.
    files: ['**/*.spec.ts'],
    rules: { 'prefer-const': 'off' },
  },
);
