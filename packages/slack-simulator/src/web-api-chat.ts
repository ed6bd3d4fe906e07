import { z } from 'zod';
import { validateBlocks } from './block-kit.ts';
import type { JsonObject } from './types.ts';
import {
  blocksArg,
  fail,
  invalidBlocks,
  parseArgs,
  type MethodHandler,
  type WebApiContext,
} from './web-api-shared.ts';

const MAX_TEXT_LENGTH = 40_000;

const messageContent = {
  text: z.string().optional(),
  blocks: z.unknown().optional(),
  attachments: z.array(z.record(z.string(), z.unknown())).optional(),
  thread_ts: z.string().optional(),
};

const metadataArg = z.object({
  event_type: z.string().regex(/^[a-z0-9_]+$/, 'expected a snake_case event_type'),
  event_payload: z.record(z.string(), z.unknown()),
});

/** Shared checks for a message body; returns an error response or the content to store. */
function checkContent(
  args: { text?: string | undefined; blocks?: unknown; attachments?: JsonObject[] | undefined },
  requireSomething: boolean,
): { ok: false; response: JsonObject } | { ok: true; text: string; blocks: JsonObject[] | undefined } {
  if (typeof args.blocks === 'string') return { ok: false, response: fail('invalid_blocks_format') };
  if (args.blocks !== undefined) {
    const problems = validateBlocks(args.blocks, 'message');
    if (problems.length > 0) return { ok: false, response: invalidBlocks(problems) };
  }
  const blocks = args.blocks === undefined ? undefined : blocksArg.parse(args.blocks);
  const text = args.text ?? '';
  if (
    requireSomething &&
    text === '' &&
    (blocks ?? []).length === 0 &&
    (args.attachments ?? []).length === 0
  ) {
    return { ok: false, response: fail('no_text') };
  }
  if (text.length > MAX_TEXT_LENGTH) return { ok: false, response: fail('msg_too_long') };
  return { ok: true, text, blocks };
}

const postMessage: MethodHandler = (rawArgs, ctx) => {
  const parsed = parseArgs(
    z.object({ channel: z.string(), ...messageContent, metadata: metadataArg.optional() }),
    rawArgs,
  );
  if (!parsed.ok) return parsed.response;
  const args = parsed.data;
  const conversation = ctx.workspace.resolveConversation(args.channel);
  if (!conversation) return fail('channel_not_found');
  // chat:write.public reaches public channels only; a private one needs bullpen invited.
  if (conversation.isPrivate === true && !conversation.members.includes(ctx.workspace.bot.userId)) {
    return fail('not_in_channel');
  }
  const content = checkContent(args, true);
  if (!content.ok) return content.response;
  const message = ctx.workspace.addMessage({
    channel: conversation.id,
    user: ctx.workspace.bot.userId,
    bot_id: ctx.workspace.bot.botId,
    app_id: ctx.workspace.bot.appId,
    text: content.text,
    ...(content.blocks === undefined ? {} : { blocks: content.blocks }),
    ...(args.attachments === undefined ? {} : { attachments: args.attachments }),
    ...(args.thread_ts === undefined ? {} : { thread_ts: args.thread_ts }),
    ...(args.metadata === undefined ? {} : { metadata: args.metadata }),
  });
  return {
    ok: true,
    channel: conversation.id,
    ts: message.ts,
    message: ctx.workspace.messagePayload(message),
  };
};

const update: MethodHandler = (rawArgs, ctx) => {
  const parsed = parseArgs(z.object({ channel: z.string(), ts: z.string(), ...messageContent }), rawArgs);
  if (!parsed.ok) return parsed.response;
  const args = parsed.data;
  const conversation = ctx.workspace.resolveConversation(args.channel);
  if (!conversation) return fail('channel_not_found');
  const message = ctx.workspace.findMessage(conversation.id, args.ts);
  if (!message) return fail('message_not_found');
  if (message.user !== ctx.workspace.bot.userId) return fail('cant_update_message');
  const content = checkContent(args, false);
  if (!content.ok) return content.response;
  if (args.text !== undefined) message.text = content.text;
  if (content.blocks !== undefined) message.blocks = content.blocks;
  if (args.attachments !== undefined) message.attachments = args.attachments;
  message.edited = { user: ctx.workspace.bot.userId, ts: ctx.workspace.nextTs() };
  ctx.workspace.touch();
  return {
    ok: true,
    channel: conversation.id,
    ts: message.ts,
    text: message.text,
    message: ctx.workspace.messagePayload(message),
  };
};

const postEphemeral: MethodHandler = (rawArgs, ctx) => {
  const parsed = parseArgs(z.object({ channel: z.string(), user: z.string(), ...messageContent }), rawArgs);
  if (!parsed.ok) return parsed.response;
  const args = parsed.data;
  const conversation = ctx.workspace.resolveConversation(args.channel);
  if (!conversation) return fail('channel_not_found');
  const user = ctx.workspace.users.get(args.user);
  if (!user || user.deleted) return fail('user_not_found');
  if (!conversation.members.includes(user.id)) return fail('user_not_in_channel');
  const content = checkContent(args, true);
  if (!content.ok) return content.response;
  const ephemeral = ctx.workspace.addEphemeral({
    channel: conversation.id,
    user: user.id,
    text: content.text,
    ...(content.blocks === undefined ? {} : { blocks: content.blocks }),
    source: 'chat.postEphemeral',
  });
  return { ok: true, message_ts: ephemeral.ts };
};

const deleteMessage: MethodHandler = (rawArgs, ctx) => {
  const parsed = parseArgs(z.object({ channel: z.string(), ts: z.string() }), rawArgs);
  if (!parsed.ok) return parsed.response;
  const conversation = ctx.workspace.resolveConversation(parsed.data.channel);
  if (!conversation) return fail('channel_not_found');
  const message = ctx.workspace.findMessage(conversation.id, parsed.data.ts);
  if (!message) return fail('message_not_found');
  if (message.user !== ctx.workspace.bot.userId) return fail('cant_delete_message');
  ctx.workspace.removeMessage(conversation.id, message.ts);
  return { ok: true, channel: conversation.id, ts: message.ts };
};

export function permalink(ctx: WebApiContext, channel: string, ts: string): string {
  return `${ctx.baseUrl()}/archives/${channel}/p${ts.replace('.', '')}`;
}

const getPermalink: MethodHandler = (rawArgs, ctx) => {
  const parsed = parseArgs(z.object({ channel: z.string(), message_ts: z.string() }), rawArgs);
  if (!parsed.ok) return parsed.response;
  const conversation = ctx.workspace.resolveConversation(parsed.data.channel);
  if (!conversation) return fail('channel_not_found');
  const message = ctx.workspace.findMessage(conversation.id, parsed.data.message_ts);
  if (!message) return fail('message_not_found');
  return { ok: true, channel: conversation.id, permalink: permalink(ctx, conversation.id, message.ts) };
};

export const chatMethods: Record<string, MethodHandler> = {
  'chat.postMessage': postMessage,
  'chat.update': update,
  'chat.postEphemeral': postEphemeral,
  'chat.delete': deleteMessage,
  'chat.getPermalink': getPermalink,
};
