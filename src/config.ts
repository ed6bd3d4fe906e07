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
