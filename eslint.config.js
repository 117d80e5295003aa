// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { moduleBoundaries } from './scripts/eslint-module-boundaries.mjs';

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      'data/**',
      '.test-results/**',
      'bench/out/**',
      '.tmp/**',
      '**/*.mjs',
      'eslint.config.js',
      // Generated (not tracked) by `npm run openapi`; test/api/api-types.test.ts checks the generator.
      'web/console/src/api/schema.gen.ts',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
    },
  },
  {
    // Write transactions go through `transact` (src/server/db/durability.ts), which answers only
    // after the commit is on disk; a bare `.transaction()` would answer before the WAL is synced.
    files: ['src/server/**/*.ts'],
    ignores: ['**/*.test.ts', 'src/server/test/**', 'src/server/db/migrations/**'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.property.name='transaction'][arguments.length=0]",
          message: 'Open write transactions with transact() from src/server/db/durability.ts.',
        },
        {
          // An expression builder over every table makes TypeScript resolve each column reference of
          // a sub-query against all ~150 tables: it multiplied the check time by ten and, past a size,
          // crashed the compiler (Debug Failure). Predicates that name columns with sql.ref need none.
          selector:
            "TSTypeReference[typeName.name=/^(ExpressionBuilder|SelectQueryBuilder)$/] TSTypeOperator[operator='keyof']",
          message: 'Write ExpressionBuilder<Database, never> (or name the tables in scope), never keyof Database.',
        },
      ],
    },
  },
  {
    files: ['src/**/*.ts', 'test/**/*.ts', 'bench/**/*.ts'],
    plugins: { qingfeng: { rules: { 'module-boundaries': moduleBoundaries } } },
    rules: { 'qingfeng/module-boundaries': 'error' },
  },
  {
    files: ['src/server/db/migrations/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
);
