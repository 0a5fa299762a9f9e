// ESLint 9 flat config: typescript-eslint's recommended rules with type information (the project's
// tsconfig.json), promises that must be awaited, and no Node built-ins in workflow code.
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * Workflow code runs in Temporal's deterministic sandbox, which has no Node APIs: no built-in may be
 * imported there, with or without `node:` (as temporalio/samples-typescript does; `assert` is
 * allowed, the sandbox provides it). test/lint.test.ts checks that this fires.
 */
const WORKFLOW_ALLOWED_BUILTINS = new Set(['assert']);
const workflowBannedImports = builtinModules
  .filter((m) => !m.startsWith('_') && !WORKFLOW_ALLOWED_BUILTINS.has(m))
  .flatMap((m) => [m, `node:${m}`])
  .map((name) => ({ name, message: 'Workflow code runs in the Temporal sandbox: no Node built-ins; do the I/O in an activity.' }));

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      '.tools/**',
      '.data/**',
      'test-results/**',
      'test/histories/**',
      'data/**',
      'docs/**',
      'bench/results/**',
    ],
  },
  {
    linterOptions: { reportUnusedDisableDirectives: 'error' },
  },
  {
    files: ['**/*.ts', '**/*.mts'],
    extends: [js.configs.recommended, ...tseslint.configs.recommended],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      // A workflow's `let` set once after an await (its calendar snapshot) is read by closures
      // written above that assignment: it cannot be a const there.
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
    },
  },
  {
    files: ['workflows/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: workflowBannedImports }],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    extends: [js.configs.recommended],
    languageOptions: {
      globals: { process: 'readonly', require: 'readonly', module: 'writable', __dirname: 'readonly', console: 'readonly' },
    },
  },
);
