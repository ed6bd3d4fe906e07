/**
 * The import rules of the house (README, "Development"). `npm run lint` and the test suite
 * (test/platform/foundation/house-rules.test.ts) both run them, so CI fails on a violation.
 */
const ROOT_FILES = '^src/(main|local-mode|policy|services|wiring)\\.ts$';
/**
 * The workspace packages only local mode may load. packages/pubsub-proto is not one of them: it holds
 * Salesforce's published pubsub_api.proto, which the app's change-stream client and the emulator's
 * server both read (a runtime dependency of the app).
 */
const DEV_PACKAGES = '^packages/(?!pubsub-proto/)';
const DEV_PACKAGE_NAMES = '@bullpen/(?!pubsub-proto)';

module.exports = {
  forbidden: [
    {
      name: 'no-circular-imports',
      comment: 'A cycle hides which module is the lower one: split the shared part (often its types) out.',
      severity: 'error',
      from: { path: '^(src|packages)/' },
      to: { circular: true },
    },
    {
      name: 'platform-imports-nothing-above-it',
      comment:
        'src/platform is plumbing (config, Redis, jobs, HTTP, Slack, Salesforce): it knows no feature.',
      severity: 'error',
      from: { path: '^src/platform/' },
      to: { path: ['^src/(shared|features|cli)/', ROOT_FILES, DEV_PACKAGES] },
    },
    {
      name: 'shared-imports-only-platform',
      comment:
        'src/shared (sync, people, SLA, home contract) is read by several features: it imports only platform.',
      severity: 'error',
      from: { path: '^src/shared/' },
      to: { path: ['^src/(features|cli)/', ROOT_FILES, '^packages/'] },
    },
    {
      name: 'features-never-import-each-other',
      comment: 'Cross-feature facts travel as domain events or through src/shared.',
      severity: 'error',
      from: { path: '^src/features/([^/]+)/' },
      to: { path: '^src/features/', pathNot: '^src/features/$1/' },
    },
    {
      name: 'features-are-composed-only-by-main',
      comment: 'A feature does not reach the composition root or the CLI.',
      severity: 'error',
      from: { path: '^src/features/' },
      to: { path: [ROOT_FILES, '^src/cli/', '^packages/'] },
    },
    {
      name: 'domain-is-pure',
      comment:
        'features/*/domain: no I/O, no Slack, no Redis, no jobs; only its own domain and pure shared code.',
      severity: 'error',
      from: { path: '^src/features/([^/]+)/domain/' },
      to: {
        path: [
          '^src/features/[^/]+/(app|slack)/',
          '^src/features/[^/]+/(store|jobs|index)\\.ts$',
          '^src/platform/(redis|lifecycle)\\.ts$',
          '^src/platform/(jobs|http|config)/',
          '^src/platform/slack/(app|router|delivery|store-guard|posted-lookup|client-options|response-url)\\.ts$',
          '^src/platform/salesforce/(connection|gateway|bulk-query|login-backoff|job-login-wait)\\.ts$',
          '^src/shared/(sync|people)/',
          'node_modules/(@slack/(bolt|web-api)|ioredis|bullmq|jsforce)/',
        ],
      },
    },
    {
      name: 'dev-packages-only-through-local-mode',
      comment:
        'The emulator, simulator and demo company are dev packages: only src/local-mode.ts loads them, by dynamic import.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/local-mode\\.ts$' },
      to: { path: [DEV_PACKAGES, DEV_PACKAGE_NAMES] },
    },
    {
      name: 'local-mode-loads-dev-packages-dynamically',
      comment: 'A static import would make the app fail to load without devDependencies (npm ci --omit=dev).',
      severity: 'error',
      from: { path: '^src/local-mode\\.ts$' },
      // `import type` is erased before Node runs the file, so only value imports must be dynamic.
      to: { path: [DEV_PACKAGES, DEV_PACKAGE_NAMES], dynamic: false, dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'dev-packages-do-not-import-the-app',
      severity: 'error',
      from: { path: '^packages/' },
      to: { path: '^src/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    // Resolve the @bullpen/* workspace packages through their package.json exports, as Node does.
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'default'],
      extensions: ['.ts', '.js', '.mjs'],
    },
    exclude: { path: '^(test|scripts)/' },
  },
};
