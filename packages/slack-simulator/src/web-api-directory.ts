import { z } from 'zod';
import type { JsonObject, SimConversation, SimUsergroup } from './types.ts';
import {
  fail,
  formBoolean,
  formInteger,
  paginate,
  parseArgs,
  type MethodHandler,
  type WebApiContext,
} from './web-api-shared.ts';

const authTest: MethodHandler = (_args, ctx) => ({
  ok: true,
  url: `https://${ctx.workspace.team.domain}.slack.com/`,
  team: ctx.workspace.team.name,
  user: ctx.workspace.bot.name,
  team_id: ctx.workspace.team.id,
  user_id: ctx.workspace.bot.userId,
  bot_id: ctx.workspace.bot.botId,
  app_id: ctx.workspace.bot.appId,
  is_enterprise_install: false,
});

const usersInfo: MethodHandler = (rawArgs, ctx) => {
  const parsed = parseArgs(z.object({ user: z.string() }), rawArgs);
  if (!parsed.ok) return parsed.response;
  const user = ctx.workspace.users.get(parsed.data.user);
  return user ? { ok: true, user } : fail('user_not_found');
};

const usersLookupByEmail: MethodHandler = (rawArgs, ctx) => {
  const parsed = parseArgs(z.object({ email: z.string() }), rawArgs);
  if (!parsed.ok) return parsed.response;
  const email = parsed.data.email.trim().toLowerCase();
  const user = [...ctx.workspace.users.values()].find((u) => u.profile.email?.toLowerCase() === email);
  return user && !user.deleted ? { ok: true, user } : fail('users_not_found');
};

const usersList: MethodHandler = (rawArgs, ctx) => {
  const parsed = parseArgs(
    z.object({ cursor: z.string().optional(), limit: formInteger.optional() }),
    rawArgs,
  );
  if (!parsed.ok) return parsed.response;
  const page = paginate([...ctx.workspace.users.values()], parsed.data.cursor, parsed.data.limit, 'user');
  if (!page.ok) return fail('invalid_cursor');
  return {
    ok: true,
    members: page.page,
    cache_ts: Math.floor(ctx.now() / 1000),
    response_metadata: { next_cursor: page.nextCursor },
  };
};

function usergroupPayload(group: SimUsergroup, ctx: WebApiContext, includeUsers: boolean): JsonObject {
  const payload: JsonObject = {
    id: group.id,
    team_id: ctx.workspace.team.id,
    is_usergroup: true,
    is_subteam: true,
    name: group.name,
    description: group.description,
    handle: group.handle,
    is_external: false,
    date_create: 1_700_000_000,
    date_update: 1_700_000_000,
    date_delete: 0,
    auto_type: null,
    created_by: ctx.workspace.bot.userId,
    updated_by: ctx.workspace.bot.userId,
    deleted_by: null,
    prefs: { channels: [], groups: [] },
    user_count: group.users.length,
  };
  if (includeUsers) payload['users'] = [...group.users];
  return payload;
}

const usergroupsList: MethodHandler = (rawArgs, ctx) => {
  const parsed = parseArgs(z.object({ include_users: formBoolean.optional() }), rawArgs);
  if (!parsed.ok) return parsed.response;
  const includeUsers = parsed.data.include_users ?? false;
  return {
    ok: true,
    usergroups: ctx.workspace.usergroups.map((g) => usergroupPayload(g, ctx, includeUsers)),
  };
};

const usergroupsUsersList: MethodHandler = (rawArgs, ctx) => {
  const parsed = parseArgs(z.object({ usergroup: z.string() }), rawArgs);
  if (!parsed.ok) return parsed.response;
  const group = ctx.workspace.usergroups.find((g) => g.id === parsed.data.usergroup);
  return group ? { ok: true, users: [...group.users] } : fail('no_such_subteam');
};

/** A conversation in the shape conversations.info/list return it, as seen by the bot. */
export function conversationPayload(conversation: SimConversation, ctx: WebApiContext): JsonObject {
  if (conversation.kind === 'im') {
    return {
      id: conversation.id,
      created: conversation.created,
      is_im: true,
      is_org_shared: false,
      user: conversation.imUser,
      is_user_deleted: false,
      priority: 0,
    };
  }
  return {
    id: conversation.id,
    name: conversation.name,
    name_normalized: conversation.name,
    is_channel: true,
    is_group: false,
    is_im: false,
    is_mpim: false,
    is_private: conversation.isPrivate ?? false,
    is_archived: false,
    is_general: conversation.name === 'general',
    is_shared: false,
    is_ext_shared: false,
    is_org_shared: false,
    is_member: conversation.members.includes(ctx.workspace.bot.userId),
    created: conversation.created,
    creator: ctx.workspace.bot.userId,
    unlinked: 0,
    topic: { value: '', creator: '', last_set: 0 },
    purpose: {
      value: conversation.purpose,
      creator: ctx.workspace.bot.userId,
      last_set: conversation.created,
    },
    num_members: conversation.members.length,
  };
}

const conversationsOpen: MethodHandler = (rawArgs, ctx) => {
  const parsed = parseArgs(
    z.object({
      users: z.string().optional(),
      channel: z.string().optional(),
      return_im: formBoolean.optional(),
    }),
    rawArgs,
  );
  if (!parsed.ok) return parsed.response;
  const { users, channel, return_im: returnIm } = parsed.data;
  if (channel !== undefined) {
    const existing = ctx.workspace.conversations.get(channel);
    if (!existing || existing.kind !== 'im') return fail('channel_not_found');
    return { ok: true, no_op: true, already_open: true, channel: conversationPayload(existing, ctx) };
  }
  const ids = (users ?? '')
    .split(',')
    .map((id) => id.trim())
    .filter((id) => id !== '');
  if (ids.length === 0) return fail('users_list_not_supplied');
  // Group DMs are outside what bullpen uses; Slack's error for a list it will not open is the closest.
  if (ids.length > 1) return fail('not_enough_users');
  const [userId] = ids;
  const user = userId === undefined ? undefined : ctx.workspace.users.get(userId);
  if (!user || user.is_bot) return fail('user_not_found');
  const alreadyOpen = ctx.workspace.findDm(user.id) !== undefined;
  const dm = ctx.workspace.openDm(user.id);
  const body: JsonObject = returnIm === true ? conversationPayload(dm, ctx) : { id: dm.id };
  return alreadyOpen
    ? { ok: true, no_op: true, already_open: true, channel: body }
    : { ok: true, channel: body };
};

const conversationsInfo: MethodHandler = (rawArgs, ctx) => {
  const parsed = parseArgs(z.object({ channel: z.string() }), rawArgs);
  if (!parsed.ok) return parsed.response;
  const conversation = ctx.workspace.conversations.get(parsed.data.channel);
  return conversation
    ? { ok: true, channel: conversationPayload(conversation, ctx) }
    : fail('channel_not_found');
};

const conversationsMembers: MethodHandler = (rawArgs, ctx) => {
  const parsed = parseArgs(
    z.object({ channel: z.string(), cursor: z.string().optional(), limit: formInteger.optional() }),
    rawArgs,
  );
  if (!parsed.ok) return parsed.response;
  const conversation = ctx.workspace.conversations.get(parsed.data.channel);
  if (!conversation) return fail('channel_not_found');
  const page = paginate(conversation.members, parsed.data.cursor, parsed.data.limit, 'member');
  if (!page.ok) return fail('invalid_cursor');
  return { ok: true, members: page.page, response_metadata: { next_cursor: page.nextCursor } };
};

const conversationsList: MethodHandler = (rawArgs, ctx) => {
  const parsed = parseArgs(
    z.object({ types: z.string().optional(), cursor: z.string().optional(), limit: formInteger.optional() }),
    rawArgs,
  );
  if (!parsed.ok) return parsed.response;
  const types = new Set((parsed.data.types ?? 'public_channel').split(',').map((t) => t.trim()));
  const matching = [...ctx.workspace.conversations.values()].filter((c) =>
    c.kind === 'im' ? types.has('im') : types.has('public_channel'),
  );
  const page = paginate(matching, parsed.data.cursor, parsed.data.limit, 'channel');
  if (!page.ok) return fail('invalid_cursor');
  return {
    ok: true,
    channels: page.page.map((c) => conversationPayload(c, ctx)),
    response_metadata: { next_cursor: page.nextCursor },
  };
};

const historyArgs = z.object({
  channel: z.string(),
  limit: formInteger.optional(),
  cursor: z.string().optional(),
  oldest: z.string().optional(),
  latest: z.string().optional(),
  inclusive: formBoolean.optional(),
  include_all_metadata: formBoolean.optional(),
});

/** Newest first within (oldest, latest), bounds included with `inclusive`, as Slack pages history. */
const conversationsHistory: MethodHandler = (rawArgs, ctx) => {
  const parsed = parseArgs(historyArgs, rawArgs);
  if (!parsed.ok) return parsed.response;
  const args = parsed.data;
  const conversation = ctx.workspace.conversations.get(args.channel);
  if (!conversation) return fail('channel_not_found');
  const oldest = Number(args.oldest ?? '0');
  const latest = args.latest === undefined ? Infinity : Number(args.latest);
  if (Number.isNaN(oldest)) return fail('invalid_ts_oldest');
  if (Number.isNaN(latest)) return fail('invalid_ts_latest');
  const inRange = (ts: number): boolean =>
    args.inclusive === true ? ts >= oldest && ts <= latest : ts > oldest && ts < latest;
  const newestFirst = ctx.workspace
    .messagesIn(conversation.id)
    .filter((m) => inRange(Number(m.ts)))
    .reverse();
  const page = paginate(newestFirst, args.cursor, args.limit, 'history');
  if (!page.ok) return fail('invalid_cursor');
  return {
    ok: true,
    messages: page.page.map((m) => {
      const payload = ctx.workspace.messagePayload(m);
      if (args.include_all_metadata !== true) delete payload['metadata'];
      return payload;
    }),
    has_more: page.nextCursor !== '',
    response_metadata: { next_cursor: page.nextCursor },
  };
};

export const directoryMethods: Record<string, MethodHandler> = {
  'auth.test': authTest,
  'users.info': usersInfo,
  'users.lookupByEmail': usersLookupByEmail,
  'users.list': usersList,
  'usergroups.list': usergroupsList,
  'usergroups.users.list': usergroupsUsersList,
  'conversations.open': conversationsOpen,
  'conversations.info': conversationsInfo,
  'conversations.members': conversationsMembers,
  'conversations.list': conversationsList,
  'conversations.history': conversationsHistory,
};
