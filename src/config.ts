import { loadConfig as loadPlatformConfig, type Config } from './platform/config/load.ts';
import { policySchema, type Policy } from './policy.ts';

/**
 * bullpen's configuration: what the platform reads from the environment, plus the policy file read
 * with the schema this app composes from its sections (src/policy.ts).
 */
export type AppConfig = Config<Policy>;

/** Reads and validates the environment and the policy file; throws ConfigError listing every problem. */
export function loadConfig(source: Record<string, string | undefined> = process.env): AppConfig {
  return loadPlatformConfig(policySchema, source);
}

export { ConfigError } from './platform/config/load.ts';

/** Local mode with no policy file runs the demo company (the Slack simulator and the emulator). */
export function runsDemoCompany(config: AppConfig): boolean {
  return config.slack.mode === 'local' && config.salesforce.mode === 'emulator' && !config.env.BULLPEN_CONFIG;
}

/**
 * The demo company's policy in force when it runs, so its people have roles to try things with.
 * It comes from the dev package @bullpen/demo-company, which only src/local-mode.ts loads.
 */
export function withDemoPolicy(config: AppConfig, demoPolicy: unknown): AppConfig {
  return runsDemoCompany(config) ? { ...config, policy: policySchema.parse(demoPolicy) } : config;
}
