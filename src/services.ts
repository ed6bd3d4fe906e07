import type { Redis } from 'ioredis';
import type { AppConfig } from './config/load.ts';
import type { JobRuntime } from './jobs/runtime.ts';
import type { Logger } from './ops/logger.ts';
import type { Keyspace } from './store/redis.ts';

/** What feature modules get from the process: configuration and the shared connections. */
export interface Services {
  config: AppConfig;
  logger: Logger;
  redis: Redis;
  jobs: JobRuntime;
  keys: Keyspace;
}
