import type { RequestListener } from 'node:http';
import { SLACK_EVENTS_PATH } from '../slack/app.ts';
import type { Logger } from './logger.ts';
import { notFound } from './server.ts';

/** A GET (and HEAD) route a feature serves: every path starting with `prefix`. */
export interface GetRoute {
  prefix: `/${string}`;
  handle: RequestListener;
}

/**
 * Everything bullpen's own routes do not answer. Only POST /slack/events reaches Bolt's receiver,
 * which throws (and would end the process) on any request it does not handle: a load balancer
 * probing `/` gets a 404, a wrong method on Slack's route a 405.
 */
export function routeRequests(
  boltListener: RequestListener | undefined,
  /** In local mode, the simulated workspace that `/` sends people to. */
  localWorkspaceUrl: string | undefined,
  logger: Logger,
  getRoutes: readonly GetRoute[] = [],
): RequestListener {
  return (req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const route = getRoutes.find((r) => path.startsWith(r.prefix));
    if (route && (req.method === 'GET' || req.method === 'HEAD')) {
      route.handle(req, res);
      return;
    }
    if (localWorkspaceUrl && req.method === 'GET' && (path === '/' || path === '')) {
      // People open bullpen's own port first; in local mode the workspace lives next door.
      res.writeHead(302, { location: `${localWorkspaceUrl}/` });
      res.end();
      return;
    }
    if (path !== SLACK_EVENTS_PATH || !boltListener) return notFound(req, res);
    if (req.method !== 'POST') {
      res.writeHead(405, { allow: 'POST', 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: 'method_not_allowed', allow: 'POST' }));
      return;
    }
    Promise.resolve()
      .then(() => boltListener(req, res))
      .catch((error: unknown) => {
        logger.warn({ err: error }, 'Slack request failed before a listener ran');
        if (!res.headersSent) notFound(req, res);
      });
  };
}
