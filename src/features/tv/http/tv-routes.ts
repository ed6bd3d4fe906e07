import type { IncomingMessage, ServerResponse } from 'node:http';
import type { GetRoute } from '../../../platform/http/routes.ts';
import { notFound } from '../../../platform/http/server.ts';
import type { TvStreams } from '../app/streams.ts';
import { computeView } from '../app/views.ts';
import type { TvDeps } from '../deps.ts';
import { tvPage } from '../domain/page.ts';
import { hashToken, TOKEN_PATTERN } from '../domain/token.ts';
import { TvLinkStore, type TvLink } from '../store.ts';

/**
 * GET /tv/<token> (the page) and GET /tv/<token>/events (its one event stream). A token that is
 * malformed, forged or revoked gets the server's plain 404, the same as any unknown path, so a
 * guess learns nothing.
 */

export const TV_PATH = '/tv/';

const PATH = /^\/tv\/([^/]+)(\/events)?\/?$/;

async function linkFor(store: TvLinkStore, token: string): Promise<TvLink | null> {
  return TOKEN_PATTERN.test(token) ? store.byHash(hashToken(token)) : null;
}

async function servePage(
  deps: TvDeps,
  link: TvLink,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const view = await computeView(deps, link);
  res.writeHead(200, {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    'referrer-policy': 'no-referrer',
    'x-robots-tag': 'noindex',
    'content-security-policy':
      "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; connect-src 'self'",
  });
  res.end(req.method === 'HEAD' ? undefined : tvPage(view.title, view.html, view.hash));
}

export function tvRoute(deps: TvDeps, streams: TvStreams): GetRoute {
  const store = new TvLinkStore(deps.redis, deps.keys);
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const match = PATH.exec((req.url ?? '').split('?')[0] ?? '');
    const link = match?.[1] ? await linkFor(store, match[1]) : null;
    if (!match || !link) return notFound(req, res);
    if (match[2] && req.method === 'GET') return streams.open(link, res);
    return servePage(deps, link, req, res);
  };
  return {
    prefix: TV_PATH,
    handle: (req, res) => {
      handle(req, res).catch((error: unknown) => {
        deps.logger.warn({ err: error }, 'TV page failed');
        if (!res.headersSent) {
          res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8', 'retry-after': '5' });
          res.end('The board is unavailable for a moment.');
        } else res.end();
      });
    },
  };
}
