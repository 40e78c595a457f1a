// @ts-check
import tseslint from 'typescript-eslint';

/** Node built-ins that do I/O or networking: the contracts package must stay free of them. */
const ioModules = ['fs', 'fs/promises', 'net', 'http', 'https', 'http2', 'dgram', 'tls', 'child_process', 'worker_threads', 'cluster'].flatMap(
  (m) => [m, `node:${m}`],
);
/** Client libraries that only connectors (and tests) may talk to services with. */
const clientLibraries = ['kafkajs', 'pg-promise', 'pg', '@aws-sdk/*', 'fastify', '@fastify/*'];

/**
 * The one-way package dependencies of docs/architecture.md §1, as import bans per layer:
 * operators ← connectors ← jobs/examples, and operators ← runtime.
 * @param {string[]} banned
 * @param {string} why
 */
const layer = (banned, why) => ({
  'no-restricted-imports': [
    'error',
    {
      patterns: [
        ...(banned.length > 0 ? [{ group: banned, message: why }] : []),
        { group: ['@weir/*/src/*', '@weir/*/src', '@weir/*/internal/*'], message: 'Import a package through its curated entry point, never its src/ or internal/ files.' },
      ],
    },
  ],
});

export default tseslint.config(
  { ignores: ['**/node_modules/**', '.weir/**', '**/dist/**', '.turbo/**', 'packages/dashboard/public/vendor/**'] },
  ...tseslint.configs.recommended,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      // Fire-and-forget promises lose backpressure, ordering and errors (docs/style.md).
      '@typescript-eslint/no-floating-promises': [
        'error',
        // node:test's describe/it return promises that the runner itself tracks.
        { allowForKnownSafeCalls: [{ from: 'package', package: 'node:test', name: ['describe', 'it', 'test', 'suite'] }] },
      ],
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false } }],
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-throw-literal': 'error',
      ...layer([], ''),
    },
  },
  {
    files: ['eslint.config.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    files: ['packages/operators/src/**'],
    rules: layer(
      ['@weir/runtime', '@weir/connectors', '@weir/dashboard', '@weir/jobs-*', ...ioModules, ...clientLibraries],
      '@weir/operators holds contracts and the job author\u2019s API: no other Weir package, no I/O, no networking (docs/architecture.md §1).',
    ),
  },
  {
    files: ['packages/connectors/src/**'],
    rules: layer(
      ['@weir/runtime', '@weir/runtime/*', '@weir/dashboard', '@weir/jobs-*'],
      '@weir/connectors implements the contracts of @weir/operators and never reaches into the runtime (docs/architecture.md §1).',
    ),
  },
  {
    files: ['packages/runtime/src/**'],
    rules: layer(
      ['@weir/connectors', '@weir/connectors/*', '@weir/jobs-*', '@weir/examples'],
      '@weir/runtime executes any job: it never depends on connectors, jobs or examples (docs/architecture.md §1).',
    ),
  },
  {
    files: ['packages/dashboard/src/**'],
    rules: layer(
      ['@weir/runtime', '@weir/connectors', '@weir/jobs-*', ...clientLibraries],
      '@weir/dashboard is static assets talking to the REST API only (docs/architecture.md §1).',
    ),
  },
);
