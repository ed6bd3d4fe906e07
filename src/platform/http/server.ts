import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from './logger.ts';
import type { Metrics } from './metrics.ts';

export interface ReadinessCheck {
  name: string;
  ok: boolean;
  detail: string;
}

export interface OpsServerOptions {
  logger: Logger;
  metrics: Metrics;
  readiness: () => Promise<ReadinessCheck[]>;
  /** Slack's requests (HTTP receiver mode) and anything else bullpen serves. */
  fallback?: RequestListener;
}

const json = (res: Parameters<RequestListener>[1], status: number, body: unknown): void => {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
};

/**
 * One HTTP server per process, in every role: /healthz (the process is up), /readyz (its
 * dependencies answer), /metrics (Prometheus); other paths go to the fallback (Bolt's receiver).
 */
export function createOpsServer({ logger, metrics, readiness, fallback }: OpsServerOptions): Server {
  const startedAt = Date.now();
  return createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const route = ['/healthz', '/readyz', '/metrics'].includes(path) ? path : 'other';
    res.on('finish', () => metrics.httpRequests.inc({ route, status: String(res.statusCode) }));
    if (route !== 'other' && req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('allow', 'GET, HEAD');
      json(res, 405, { error: 'method_not_allowed', allow: 'GET, HEAD' });
      return;
    }
    if (path === '/healthz') {
      json(res, 200, { status: 'ok', uptimeSeconds: Math.round((Date.now() - startedAt) / 1000) });
      return;
    }
    if (path === '/readyz') {
      readiness()
        .then((checks) => {
          const ready = checks.every((c) => c.ok);
          metrics.ready.set(ready ? 1 : 0);
          json(res, ready ? 200 : 503, { status: ready ? 'ready' : 'not ready', checks });
        })
        .catch((error: unknown) => {
          logger.error({ err: error }, 'readiness check crashed');
          json(res, 503, { status: 'not ready', checks: [] });
        });
      return;
    }
    if (path === '/metrics') {
      metrics.registry
        .metrics()
        .then((body) => {
          res.writeHead(200, { 'content-type': metrics.registry.contentType });
          res.end(body);
        })
        .catch((error: unknown) => {
          logger.error({ err: error }, 'metrics collection failed');
          json(res, 500, { error: 'metrics unavailable' });
        });
      return;
    }
    if (fallback) {
      fallback(req, res);
      return;
    }
    json(res, 404, { error: 'not_found', path });
  });
}

export const notFound: RequestListener = (_req, res) => {
  res.writeHead(404, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ error: 'not_found' }));
};

/** Binds the server and logs the address it really listens on; returns a URL that reaches it. */
export async function listen(server: Server, host: string, port: number, logger: Logger): Promise<string> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const bound = (server.address() as AddressInfo).port;
  const shown = host.includes(':') ? `[${host}]` : host;
  logger.info(
    { host, port },
    `HTTP server listening on http://${shown}:${port} (/healthz, /readyz, /metrics)`,
  );
  // The URL this process and its simulator use to reach the server; a wildcard bind includes loopback.
  const wildcard = host === '0.0.0.0' || host === '::';
  return `http://${wildcard ? '127.0.0.1' : shown}:${bound}`;
}

export function serverCloser(server: Server): { stopAccepting: () => void; close: () => Promise<void> } {
  let closed: Promise<void> | undefined;
  const stopAccepting = (): void => {
    closed ??= new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
  };
  return {
    stopAccepting,
    close: async () => {
      stopAccepting();
      server.closeAllConnections();
      await closed;
    },
  };
}
