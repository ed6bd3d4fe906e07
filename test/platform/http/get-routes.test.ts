import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../../src/platform/http/logger.ts';
import { routeRequests, type GetRoute } from '../../../src/platform/http/routes.ts';

/** Features' GET routes on bullpen's own server: matched by prefix, GET and HEAD only. */

const route: GetRoute = {
  prefix: '/board/',
  handle: (req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end(req.method === 'HEAD' ? undefined : `board ${req.url ?? ''}`);
  },
};

describe('routeRequests with GET routes', () => {
  let server: Server | undefined;
  afterEach(async () => {
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  });

  async function serve(): Promise<string> {
    server = createServer(routeRequests(undefined, undefined, createLogger({ level: 'silent' }), [route]));
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  it('sends GET and HEAD under the prefix to the route, and everything else to the plain 404', async () => {
    const base = await serve();
    const got = await fetch(`${base}/board/abc?x=1`);
    expect(got.status).toBe(200);
    expect(await got.text()).toBe('board /board/abc?x=1');
    expect((await fetch(`${base}/board/abc`, { method: 'HEAD' })).status).toBe(200);
    const posted = await fetch(`${base}/board/abc`, { method: 'POST', body: 'x' });
    const other = await fetch(`${base}/boardroom`);
    for (const response of [posted, other]) {
      expect(response.status).toBe(404);
      expect(await response.json()).toEqual({ error: 'not_found' });
    }
  });
});
