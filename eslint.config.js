// ESLint (flat config). `npm run lint` runs it with Prettier's check; `npm test` runs `npm run lint`.
//
// Not type-aware: the type-aware rules double the lint's time (a TypeScript program for each of
// tsconfig.json and tsconfig.web.json), and `tsc` already checks the types. `npm run lint:typed`
// (LINT_TYPED=1) adds the few type-aware rules that find bugs tsc does not (unhandled promises,
// promises passed where a callback's result is ignored), to run by hand.
//
// typescript-eslint needs TypeScript's JavaScript API, which TypeScript 7 no longer ships: the
// `typescript` devDependency is the TypeScript 6 API package (@typescript/typescript6, binary
// `tsc6`), and `tsc` comes from TypeScript 7 (`typescript-7` is npm:typescript@7). Not named
// `@typescript/native`: typescript-eslint 8.74 has an optional peer of that name for TypeScript >= 7.1
// only (its experimental tsgo backend), and 7.0 there makes npm's tree invalid.
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import reactHooks from 'eslint-plugin-react-hooks';
import { defineConfig, globalIgnores } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const typed = Boolean(process.env.LINT_TYPED);

export default defineConfig(
  globalIgnores(['dist/', 'release/', 'test/data/', 'test-results/', 'playwright-report/', '.bench/']),
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    rules: {
      // `_name` marks a binding kept on purpose: a parameter a signature needs, a property left out of a rest.
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          caughtErrorsIgnorePattern: '^_',
          destructuredArrayIgnorePattern: '^_',
          ignoreRestSiblings: true,
        },
      ],
      // `let x;` assigned once later but read first by a closure (a guard set after listen(), a stream that an
      // earlier error handler may destroy): `const` there would throw in the temporal dead zone.
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
      // Playwright fixtures take their dependencies as a destructured first parameter, `async ({}, use) => …` when none.
      'no-empty-pattern': ['error', { allowObjectPatternsAsParameters: true }],
      // Only the desktop shell talks to Electron; core/, host/, server/, cli/ and the renderer run without it
      // (the CLI and web host in plain Node, the renderer in a browser too). Types alone are fine (test adapters).
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'electron', message: 'Only electron/** may import Electron (types are fine: `import type`).', allowTypeImports: true },
          ],
          patterns: [{ regex: '^electron/', message: 'Only electron/** may import Electron.', allowTypeImports: true }],
        },
      ],
    },
  },
  { files: ['electron/**'], rules: { '@typescript-eslint/no-restricted-imports': 'off' } },
  // Tests cast parsed JSON and fake Electron/Node objects freely; `any` there is not a hole in the product's types.
  { files: ['**/*.spec.ts', '**/*.spec.tsx', 'test/**'], rules: { '@typescript-eslint/no-explicit-any': 'off' } },
  { files: ['**/*.{js,mjs,cjs}'], languageOptions: { globals: globals.node } },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    extends: [reactHooks.configs.flat['recommended-latest']],
    rules: {
      // A missing dependency is a stale value: an error, not a warning nobody reads.
      'react-hooks/exhaustive-deps': 'error',
      // These two check what the React Compiler needs, which this app does not use (plain @vitejs/plugin-react).
      // They flag two idioms that are correct under React 19 without it: the "latest callback" ref written
      // during render (GraphCanvas, GraphPanel, GraphSearch, NodeProperties) and resetting state in an
      // effect when a prop changes (ConnectionBanner, ExportStep, GraphPanel, GraphSearch,
      // InitializerPreview, NumField, PreprocessForm). Turn them on with a move to the compiler.
      'react-hooks/refs': 'off',
      'react-hooks/set-state-in-effect': 'off',
    },
  },
  typed
    ? {
        files: ['**/*.{ts,tsx}'],
        languageOptions: { parserOptions: { project: ['./tsconfig.json', './tsconfig.web.json'], tsconfigRootDir: import.meta.dirname } },
        rules: {
          '@typescript-eslint/no-floating-promises': 'error',
          '@typescript-eslint/no-misused-promises': 'error',
          '@typescript-eslint/await-thenable': 'error',
          '@typescript-eslint/only-throw-error': 'error',
          '@typescript-eslint/prefer-promise-reject-errors': 'error',
          '@typescript-eslint/no-base-to-string': 'error',
        },
      }
    : {},
  // Last: turns off the stylistic rules that Prettier owns.
  prettier,
);
