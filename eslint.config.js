import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/**
 * The dev packages (packages/*: the Salesforce emulator, the Slack simulator, the demo company)
 * reach the app through src/local-mode.ts only, by dynamic import(), so a production install
 * without them still runs (issue 12, rule 7). ESLint keeps one set of options per rule and file:
 * a later block that sets no-restricted-imports for the same files must spread these in.
 * @bullpen/pubsub-proto is no dev package: it holds Salesforce's pubsub_api.proto, which the app's
 * change-stream client reads.
 */
export const devPackageImports = [
  {
    group: ['@bullpen/*', '!@bullpen/pubsub-proto'],
    message:
      'The dev packages are for local mode: only src/local-mode.ts imports them (by dynamic import()).',
  },
  {
    regex: '(^|/)packages/',
    message:
      'The dev packages are for local mode: only src/local-mode.ts imports them, by package name (@bullpen/*).',
  },
];

const noWeakMapSingletons = {
  selector: "NewExpression[callee.name='WeakMap']",
  message: 'No WeakMap singletons: main.ts builds each object once and passes it down.',
};

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', '.ci/node/', 'coverage/', 'bench/results/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      eqeqeq: ['error', 'always'],
    },
  },
  {
    files: ['**/*.{ts,js,mjs}'],
    ignores: ['src/local-mode.ts', 'test/**', 'scripts/**', 'packages/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: devPackageImports }] },
  },
  {
    // The house rules ESLint can see (README, "Development"); the import rules are dependency-cruiser's.
    files: ['src/**/*.ts'],
    rules: {
      'max-lines': ['error', { max: 300 }],
      'max-lines-per-function': ['error', { max: 60 }],
      'no-restricted-syntax': ['error', noWeakMapSingletons],
    },
  },
  {
    files: ['src/features/**/*.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        noWeakMapSingletons,
        {
          selector: "MemberExpression[property.name='chat']",
          message:
            'Features post, update and delete through SlackDelivery (src/platform/slack/delivery.ts), not the Web API.',
        },
      ],
    },
  },
);
