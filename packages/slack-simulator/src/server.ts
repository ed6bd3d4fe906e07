import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { handleUpload, serveFile, type SimFiles } from './files.ts';
import { readBody, sendJson, sendText } from './http-util.ts';
import type { ResponseUrlRegistry } from './interaction-tokens.ts';
import { applyResponseMessage, responseMessageSchema } from './response-messages.ts';
import type { JsonObject, RecordedResponseUrlPost } from './types.ts';
import { handleUiApi, type UiApiDeps } from './ui-api.ts';
import type { WebApi } from './web-api.ts';
import type { SimWorkspace } from './workspace.ts';

const UI_DIR = fileURLToPath(new URL('./ui/', import.meta.url));

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

export interface RouterDeps extends UiApiDeps {
  webApi: WebApi;
  responseUrls: ResponseUrlRegistry;
  responseUrlPosts: RecordedResponseUrlPost[];
  files: SimFiles;
  now: () => number;
}

async function handleResponseUrl(
  req: IncomingMessage,
  res: ServerResponse,
  id: string,
  deps: RouterDeps,
  workspace: SimWorkspace,
): Promise<void> {
  const raw = await readBody(req);
  let body: JsonObject = {};
  const record = (httpStatus: number) =>
    deps.responseUrlPosts.push({ responseUrlId: id, body, at: new Date(deps.now()), httpStatus });
  try {
    const parsedJson: unknown = JSON.parse(raw);
    if (typeof parsedJson === 'object' && parsedJson !== null) body = parsedJson as JsonObject;
  } catch {
    record(400);
    sendText(res, 400, 'invalid_payload');
    return;
  }
  const message = responseMessageSchema.safeParse(body);
  if (!message.success) {
    record(400);
    sendText(res, 400, 'invalid_payload');
    return;
  }
  const use = deps.responseUrls.use(id, deps.now());
  if (!use.ok) {
    record(use.status);
    sendText(res, use.status, use.error);
    return;
  }
  const applied = applyResponseMessage(workspace, use.target, message.data, 'response_url');
  if (!applied.ok) {
    record(400);
    sendJson(res, 400, { ok: false, error: applied.error, errors: applied.problems ?? [] });
    return;
  }
  if (message.data.replace_original === true && applied.ts !== undefined) {
    deps.responseUrls.retarget(id, applied.ts, applied.isEphemeral);
  }
  record(200);
  sendJson(res, 200, { ok: true });
}

async function serveStatic(res: ServerResponse, path: string): Promise<void> {
  const relative = normalize(path === '' ? 'index.html' : path).replace(/^(\.\.[/\\])+/, '');
  const file = join(UI_DIR, relative);
  if (!file.startsWith(UI_DIR)) {
    sendText(res, 404, 'not found');
    return;
  }
  try {
    const content = await readFile(file);
    res.writeHead(200, {
      'Content-Type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
      'Cache-Control': 'no-cache',
    });
    res.end(content);
  } catch {
    sendText(res, 404, 'not found');
  }
}

export function createRouter(deps: RouterDeps) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://simulator.local');
    const path = url.pathname;
    try {
      if (path.startsWith('/api/')) {
        await deps.webApi.handle(req, res, path.slice('/api/'.length), url.searchParams);
        return;
      }
      if (path.startsWith('/response/') && req.method === 'POST') {
        await handleResponseUrl(req, res, path.slice('/response/'.length), deps, deps.workspace);
        return;
      }
      if (path.startsWith('/upload/') && req.method === 'POST') {
        await handleUpload(req, res, path.slice('/upload/'.length), deps.files);
        return;
      }
      if (path.startsWith('/files/') && req.method === 'GET') {
        serveFile(res, path.slice('/files/'.length), deps.files);
        return;
      }
      if (path.startsWith('/sim/api/')) {
        await handleUiApi(req, res, path.slice('/sim/api/'.length), url.searchParams, deps);
        return;
      }
      const archive = /^\/archives\/([A-Z0-9]+)\/p(\d+)$/.exec(path);
      if (archive) {
        res.writeHead(302, { Location: `/?channel=${archive[1] ?? ''}` });
        res.end();
        return;
      }
      if (req.method === 'GET') {
        await serveStatic(res, path.replace(/^\/+/, ''));
        return;
      }
      sendText(res, 404, 'not found');
    } catch (error) {
      if (!res.headersSent) {
        sendJson(res, 500, {
          ok: false,
          error: 'internal_error',
          detail: error instanceof Error ? error.message : String(error),
        });
      } else {
        res.end();
      }
    }
  };
}
