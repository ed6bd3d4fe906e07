import { slackErrorCode } from './replies.ts';

/**
 * Slack Web API errors that say no for good: asking again gets the same answer, so a delivery that
 * meets one stops retrying and whoever asked for it is told. Rate limits, timeouts and Slack's own
 * outages are not here: they are worth waiting out.
 */
const PERMANENT_SLACK_ERRORS = new Set([
  'not_in_channel',
  'channel_not_found',
  'is_archived',
  'msg_too_long',
  'no_text',
  'invalid_blocks',
  'invalid_arguments',
  'restricted_action',
  'restricted_action_read_only_channel',
  'restricted_action_thread_only_channel',
  'cannot_dm_bot',
  'user_not_found',
  'user_disabled',
  'account_inactive',
  'invalid_auth',
  'not_authed',
  'token_revoked',
  'missing_scope',
  'message_not_found',
  'cant_update_message',
  'edit_window_closed',
  // views.update / views.push: the modal was closed (or never existed).
  'not_found',
]);

/** The error code when a Slack call failed for good, otherwise undefined. */
export function permanentSlackError(error: unknown): string | undefined {
  const code = slackErrorCode(error);
  return code !== undefined && PERMANENT_SLACK_ERRORS.has(code) ? code : undefined;
}
