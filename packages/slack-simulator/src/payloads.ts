import type { JsonObject, SimBotIdentity, SimTeam, SimUser } from './types.ts';

/**
 * Builders for the requests Slack sends an app, in the shapes of the real payloads (see
 * /work/shared/fixtures/slack). Pure: callers supply ids, trigger ids and response URLs.
 */

export const SIM_VERIFICATION_TOKEN = 'simulated-verification-token';

export interface PayloadContext {
  team: SimTeam;
  bot: SimBotIdentity;
  user: SimUser;
}

function userRef(ctx: PayloadContext): JsonObject {
  return { id: ctx.user.id, username: ctx.user.name, name: ctx.user.name, team_id: ctx.team.id };
}

function teamRef(ctx: PayloadContext): JsonObject {
  return { id: ctx.team.id, domain: ctx.team.domain };
}

export function actionTs(nowMs: number): string {
  return (nowMs / 1000).toFixed(6);
}

/** Slash commands arrive form-encoded, not as `payload=`. */
export function slashCommandBody(
  ctx: PayloadContext,
  command: { channelId: string; channelName: string; command: string; text: string },
  responseUrl: string,
  triggerId: string,
): string {
  return new URLSearchParams({
    token: SIM_VERIFICATION_TOKEN,
    team_id: ctx.team.id,
    team_domain: ctx.team.domain,
    channel_id: command.channelId,
    channel_name: command.channelName,
    user_id: ctx.user.id,
    user_name: ctx.user.name,
    command: command.command,
    text: command.text,
    api_app_id: ctx.bot.appId,
    is_enterprise_install: 'false',
    response_url: responseUrl,
    trigger_id: triggerId,
  }).toString();
}

/** Interactivity payloads travel as `payload=<urlencoded JSON>`. */
export function interactivityBody(payload: JsonObject): string {
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

export type ActionContainer =
  | {
      type: 'message';
      channel: { id: string; name: string };
      messageTs: string;
      isEphemeral: boolean;
      /** The message as Slack shows it to the app; omitted for ephemeral messages. */
      message?: JsonObject;
      responseUrl: string;
    }
  | { type: 'view'; view: JsonObject };

export function blockActionsPayload(
  ctx: PayloadContext,
  container: ActionContainer,
  action: JsonObject,
  triggerId: string,
  state: JsonObject,
): JsonObject {
  const base: JsonObject = {
    type: 'block_actions',
    user: userRef(ctx),
    api_app_id: ctx.bot.appId,
    token: SIM_VERIFICATION_TOKEN,
    trigger_id: triggerId,
    team: teamRef(ctx),
    enterprise: null,
    is_enterprise_install: false,
    actions: [action],
  };
  if (container.type === 'view') {
    return {
      ...base,
      container: { type: 'view', view_id: container.view['id'] },
      view: container.view,
    };
  }
  const payload: JsonObject = {
    ...base,
    container: {
      type: 'message',
      message_ts: container.messageTs,
      channel_id: container.channel.id,
      is_ephemeral: container.isEphemeral,
    },
    channel: container.channel,
    state,
    response_url: container.responseUrl,
  };
  if (container.message !== undefined) payload['message'] = container.message;
  return payload;
}

export function viewSubmissionPayload(ctx: PayloadContext, view: JsonObject, triggerId: string): JsonObject {
  return {
    type: 'view_submission',
    team: teamRef(ctx),
    user: userRef(ctx),
    api_app_id: ctx.bot.appId,
    token: SIM_VERIFICATION_TOKEN,
    trigger_id: triggerId,
    view,
    response_urls: [],
    enterprise: null,
    is_enterprise_install: false,
  };
}

export function viewClosedPayload(ctx: PayloadContext, view: JsonObject, isCleared: boolean): JsonObject {
  return {
    type: 'view_closed',
    team: teamRef(ctx),
    user: userRef(ctx),
    api_app_id: ctx.bot.appId,
    token: SIM_VERIFICATION_TOKEN,
    view,
    is_cleared: isCleared,
    enterprise: null,
    is_enterprise_install: false,
  };
}

export function messageShortcutPayload(
  ctx: PayloadContext,
  shortcut: { callbackId: string; channel: { id: string; name: string }; message: JsonObject; nowMs: number },
  triggerId: string,
  responseUrl: string,
): JsonObject {
  return {
    type: 'message_action',
    token: SIM_VERIFICATION_TOKEN,
    action_ts: actionTs(shortcut.nowMs),
    team: teamRef(ctx),
    user: userRef(ctx),
    channel: shortcut.channel,
    is_enterprise_install: false,
    enterprise: null,
    callback_id: shortcut.callbackId,
    trigger_id: triggerId,
    response_url: responseUrl,
    message_ts: shortcut.message['ts'],
    message: shortcut.message,
  };
}

/** Wraps an event in Slack's Events API envelope. */
export function eventCallbackBody(
  team: SimTeam,
  bot: SimBotIdentity,
  event: JsonObject,
  eventId: string,
  nowMs: number,
): JsonObject {
  return {
    token: SIM_VERIFICATION_TOKEN,
    team_id: team.id,
    api_app_id: bot.appId,
    event: { event_ts: actionTs(nowMs), ...event },
    type: 'event_callback',
    event_id: eventId,
    event_time: Math.floor(nowMs / 1000),
    authorizations: [
      {
        enterprise_id: null,
        team_id: team.id,
        user_id: bot.userId,
        is_bot: true,
        is_enterprise_install: false,
      },
    ],
    is_ext_shared_channel: false,
    event_context: `4-${Buffer.from(eventId).toString('base64url')}`,
  };
}

export function appHomeOpenedEvent(
  userId: string,
  dmChannelId: string,
  tab: 'home' | 'messages',
  publishedView: JsonObject | undefined,
): JsonObject {
  const event: JsonObject = { type: 'app_home_opened', user: userId, channel: dmChannelId, tab };
  if (publishedView !== undefined && tab === 'home') event['view'] = publishedView;
  return event;
}
