import type { Lifecycle } from '../lifecycle.ts';
import type { Logger } from './logger.ts';
import { createMetrics } from './metrics.ts';
import { readinessOf, type ProcessState } from './readiness.ts';
import { createOpsServer, listen, notFound, serverCloser } from './server.ts';
import type { RedisClient } from '../redis.ts';

export interface OpsServerOptions {
  logger: Logger;
  redis: RedisClient;
  state: ProcessState;
  runsWorkers: boolean;
  lifecycle: Lifecycle;
  host: string;
  port: number;
}

/**
 * /healthz from the first moment: the ops server listens before anything else starts. Requests it
 * does not serve itself go to `state.fallback` once start-up has set it (Slack, feature routes).
 */
export async function openOpsServer(options: OpsServerOptions) {
  const { logger, redis, state, runsWorkers, lifecycle } = options;
  const metrics = createMetrics();
  const server = createOpsServer({
    logger,
    metrics,
    readiness: readinessOf(redis, state, runsWorkers),
    fallback: (req, res) => (state.fallback ?? notFound)(req, res),
  });
  const url = await listen(server, options.host, options.port, logger);
  const http = serverCloser(server);
  lifecycle.onClose('http server', http.close);
  return { url, http, metrics };
}
