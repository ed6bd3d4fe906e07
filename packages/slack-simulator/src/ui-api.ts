import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { readBody, sendJson } from './http-util.ts';
import type { JsonObject, RecordedCall } from './types.ts';
import type { UserActions } from './user-actions.ts';
import type { SimWorkspace } from './workspace.ts';

/**
 * The small JSON API behind the browser UI (`/sim/api/...`): a snapshot of what one person sees,
 * the actions they take, and a Server-Sent Events stream that says when to re-read the snapshot.
 */

const simpleInput = z.union([
  z.string(),
  z.number(),
  z.array(z.string()),
  z.null(),
  z.record(z.string(), z.unknown()),
]);
const enteredValues = z.record(z.string(), z.record(z.string(), simpleInput));

const requests = {
  compose: z.object({ userId: z.string(), channelId: z.string(), text: z.string().min(1) }),
  interact: z.object({
    userId: z.string(),
    target: z.string(),
    actionId: z.string(),
    blockId: z.string().optional(),
    value: simpleInput.optional(),
    viewValues: enteredValues.optional(),
  }),
  submit: z.object({ userId: z.string(), viewId: z.string(), values: enteredValues }),
  close: z.object({ userId: z.string(), viewId: z.string() }),
  home: z.object({ userId: z.string(), tab: z.enum(['home', 'messages']).default('home') }),
  dismiss: z.object({ userId: z.string(), ts: z.string() }),
  openApp: z.object({ userId: z.string() }),
};

export interface SlashCommandHint {
  command: string;
  description?: string;
  usageHint?: string;
}

export interface UiApiDeps {
  workspace: SimWorkspace;
  actions: UserActions;
  calls: readonly RecordedCall[];
  /** Offered as completions in the message box. */
  slashCommands: readonly SlashCommandHint[];
}

function snapshot(deps: UiApiDeps, userId: string, channelId: string | null): JsonObject {
  const { workspace } = deps;
  const me = workspace.users.get(userId);
  const channels = [...workspace.conversations.values()]
    .filter((c) => c.kind === 'channel' && me !== undefined && c.members.includes(me.id))
    .map((c) => ({ id: c.id, name: c.name, purpose: c.purpose }));
  const appDm = me ? workspace.findDm(me.id) : undefined;
  const conversation = channelId === null ? undefined : workspace.conversations.get(channelId);
  const visible = conversation !== undefined && me !== undefined && conversation.members.includes(me.id);
  const messages = visible
    ? [
        ...workspace.messagesIn(conversation.id).map((m) => ({ ...m, ephemeral: false })),
        ...workspace.ephemeralsFor(userId, conversation.id).map((e) => ({ ...e, ephemeral: true })),
      ].sort((a, b) => Number(a.ts) - Number(b.ts))
    : [];
  const modal = me ? workspace.openModal(me.id) : undefined;
  const home = me ? workspace.homeView(me.id) : undefined;
  return {
    version: workspace.version,
    team: workspace.team,
    commands: deps.slashCommands,
    bot: workspace.bot,
    users: [...workspace.users.values()].map((u) => ({
      id: u.id,
      name: u.real_name,
      handle: u.name,
      displayName: u.profile.display_name,
      title: u.profile.title,
      tz: u.tz,
      isBot: u.is_bot,
    })),
    channels,
    allChannels: [...workspace.conversations.values()]
      .filter((c) => c.kind === 'channel')
      .map((c) => ({ id: c.id, name: c.name })),
    appDmId: appDm?.id ?? null,
    conversation: visible
      ? {
          id: conversation.id,
          kind: conversation.kind,
          name: conversation.kind === 'im' ? workspace.bot.name : conversation.name,
          purpose: conversation.purpose,
        }
      : null,
    messages,
    modal: modal
      ? {
          id: modal.id,
          definition: modal.definition,
          errors: modal.errors,
          stackDepth: (workspace.modalStacks.get(userId) ?? []).length,
        }
      : null,
    home: home ? { id: home.id, definition: home.definition } : null,
  };
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const text = await readBody(req);
  return text.trim() === '' ? {} : (JSON.parse(text) as unknown);
}

function appResult(result: { status: number; body: string; timedOut: boolean } | undefined): JsonObject {
  return result === undefined
    ? { ok: true }
    : { ok: true, status: result.status, body: result.body, timedOut: result.timedOut };
}

export async function handleUiApi(
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  query: URLSearchParams,
  deps: UiApiDeps,
): Promise<void> {
  const { workspace, actions } = deps;
  if (req.method === 'GET' && path === 'state') {
    const userId = query.get('user') ?? '';
    sendJson(res, 200, snapshot(deps, userId, query.get('channel')));
    return;
  }
  if (req.method === 'GET' && path === 'calls') {
    sendJson(res, 200, { calls: deps.calls.slice(-50).reverse() });
    return;
  }
  if (req.method === 'GET' && path === 'events') {
    res.writeHead(200, {
      'Content-Type': 'text/event-stream',
      'Cache-Control': 'no-cache',
      Connection: 'keep-alive',
    });
    res.write(`data: ${workspace.version}\n\n`);
    const unsubscribe = workspace.onChange((version) => res.write(`data: ${version}\n\n`));
    const keepAlive = setInterval(() => res.write(': keep-alive\n\n'), 15_000);
    req.on('close', () => {
      clearInterval(keepAlive);
      unsubscribe();
    });
    return;
  }
  if (req.method !== 'POST') {
    sendJson(res, 404, { ok: false, error: 'not_found' });
    return;
  }
  try {
    const body = await readJson(req);
    switch (path) {
      case 'compose': {
        const r = requests.compose.parse(body);
        const match = /^(\/[\w-]+)\s*([\s\S]*)$/.exec(r.text.trim());
        const result = match
          ? await actions.sendSlashCommand(r.userId, r.channelId, match[1] ?? '', match[2] ?? '')
          : await actions.sendMessage(r.userId, r.channelId, r.text);
        sendJson(res, 200, appResult(result));
        return;
      }
      case 'interact': {
        const r = requests.interact.parse(body);
        const options = {
          ...(r.blockId === undefined ? {} : { blockId: r.blockId }),
          ...(r.viewValues === undefined ? {} : { viewValues: r.viewValues }),
        };
        sendJson(
          res,
          200,
          appResult(await actions.interact(r.userId, r.target, r.actionId, r.value ?? null, options)),
        );
        return;
      }
      case 'submit': {
        const r = requests.submit.parse(body);
        sendJson(res, 200, appResult(await actions.submitView(r.userId, r.viewId, r.values)));
        return;
      }
      case 'close': {
        const r = requests.close.parse(body);
        sendJson(res, 200, appResult(await actions.closeView(r.userId, r.viewId)));
        return;
      }
      case 'home': {
        const r = requests.home.parse(body);
        sendJson(res, 200, appResult(await actions.openHome(r.userId, r.tab)));
        return;
      }
      case 'open-app': {
        const r = requests.openApp.parse(body);
        sendJson(res, 200, { ok: true, channelId: workspace.openDm(r.userId).id });
        return;
      }
      case 'dismiss': {
        const r = requests.dismiss.parse(body);
        const ephemeral = workspace.findEphemeral(r.ts);
        if (ephemeral?.user === r.userId) workspace.removeEphemeral(r.ts);
        sendJson(res, 200, { ok: true });
        return;
      }
      default:
        sendJson(res, 404, { ok: false, error: 'not_found' });
    }
  } catch (error) {
    const message =
      error instanceof z.ZodError
        ? z.prettifyError(error)
        : error instanceof Error
          ? error.message
          : String(error);
    sendJson(res, 502, { ok: false, error: message });
  }
}
