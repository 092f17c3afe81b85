/**
 * ESLint (`npm run lint`, part of `npm test`): a few targeted rules with type information, not a
 * style guide. Layering is depcruise's job (`npm run lint:layers`); formatting is nobody's.
 * - no-floating-promises: a promise nobody awaits loses its rejection (an unhandled rejection in
 *   main, a silent failure in a renderer). `void p` says "fire and forget, errors handled inside".
 * - react-hooks: the rules of hooks, and effect dependencies that match what the effect reads.
 * - no-restricted-imports: the demo dataset (host/demo/) is not a dependency of production code.
 * Type information comes from the three tsconfigs `npm run typecheck` uses.
 */
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

/** Production code: everything that ships, except the demo dataset itself. */
const PRODUCTION = ['electron/**', 'host/**', 'sync/**', 'layouts/**', 'domains/**', 'base/**', 'renderer/**'];

/**
 * Any import of a `demo` folder or module (`./demo`, `../demo/facts`, `../../host/demo/areas`),
 * whatever file it comes from. The province's real district boundaries are in host/geo/.
 */
const DEMO_IMPORT = '(^|/)demo(/[^/]+)*$';

export default tseslint.config(
  {
    ignores: ['dist/**', 'out/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'artifacts/**', '**/*.js', '**/*.mjs', '**/*.cjs', 'vite.config.ts'],
  },
  {
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: {
      parser: tseslint.parser,
      parserOptions: {
        project: ['./tsconfig.node.json', './tsconfig.web.json', './tsconfig.e2e.json'],
        tsconfigRootDir: import.meta.dirname,
      },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    plugins: { '@typescript-eslint': tseslint.plugin },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
    },
  },
  {
    files: ['renderer/**/*.ts', 'renderer/**/*.tsx'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
    },
  },
  {
    files: PRODUCTION,
    // The one place that decides to seed the demo dataset (config `demo`, `--no-demo`), and the dataset itself.
    ignores: ['host/demo/**', 'host/prepare-data.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: DEMO_IMPORT,
              message: 'Production code does not import the demo dataset (host/demo/). Move what is shared out of demo/.',
            },
          ],
        },
      ],
    },
  },
);
