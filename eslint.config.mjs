// typescript-eslint's recommended rules for every source and test, and warnings where a
// function grows past 60 lines or nests past 4 levels. tools/lint's guard rails (a vitest
// suite) add what eslint cannot see cheaply: import cycles (type imports included), no
// function over 80 lines, no `any`, and each package's exported API.
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', '**/.net-server/**', '**/*.js', '**/*.cjs'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      'max-lines-per-function': ['warn', { max: 60, skipBlankLines: true, skipComments: true }],
      'max-depth': ['warn', 4],
      // A `let` assigned once, after closures that read it were made (a plugin its own drivers call back into), is not a const.
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
    },
  },
  {
    // net-server's build carries the part of kysely a server runs; a plugin that imports kysely's own
    // 280 ES modules at run time makes every server process load them too (5-16 MB each, measured).
    files: ['packages/*/src/**/*.ts'],
    ignores: ['packages/net-server/src/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'kysely', allowTypeImports: true, message: "Import `sql` from 'net-server', which bundles kysely; from kysely itself import types only." },
          ],
        },
      ],
    },
  },
);
