import { describeLookupFailure, type ProfileLookup } from '../../../shared/people/profiles.ts';
import { slackErrorCode } from '../../../platform/slack/replies.ts';
import { mention } from '../../../platform/slack/mentions.ts';
import { mrkdwnEscape } from '../../../platform/slack/text.ts';

/** A profile look-up's answer, or Slack not answering it at all. */
export type ProfileCheck = ProfileLookup | { ok: false; reason: 'unavailable'; error: unknown };

/** What went wrong with users.info, in the words a person can pass on to their admin. */
function slackFailureReason(error: unknown): string {
  const code = slackErrorCode(error);
  if (code) return code;
  const err = error as { code?: string; message?: string } | undefined;
  if (err?.code === 'slack_webapi_rate_limited_error') return 'rate limited';
  return err?.message ?? String(error);
}

/** Why a person could not be checked, for the author's answer. */
export function describeProfileCheck(slackUserId: string, check: ProfileCheck & { ok: false }): string {
  if (check.reason !== 'unavailable') return describeLookupFailure(slackUserId, check.reason);
  const reason = mrkdwnEscape(slackFailureReason(check.error));
  return `I couldn't check ${mention(slackUserId)} with Slack (users.info: ${reason}), so nothing was posted. Please try again in a minute.`;
}
