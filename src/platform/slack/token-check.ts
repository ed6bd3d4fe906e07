import type { WebClient } from '@slack/web-api';
import type { Logger } from '../http/logger.ts';
import type { ReadinessCheck } from '../http/server.ts';
import { slackErrorCode } from './replies.ts';

/**
 * Web API errors that mean Slack refused the bot token itself. Retrying cannot help: the token was
 * revoked, expired or mistyped, or the app was uninstalled, and only a new token and a restart fix it.
 */
const REFUSED_TOKEN_ERRORS: ReadonlySet<string> = new Set([
  'invalid_auth',
  'not_authed',
  'token_revoked',
  'token_expired',
  'account_inactive',
  'app_uninstalled',
]);

export const REFUSED_TOKEN_FIX =
  'reinstall the app to the workspace (or regenerate its token), copy the Bot User OAuth Token into SLACK_BOT_TOKEN and restart bullpen';

/** The Web API error code when Slack refused the token, else undefined (e.g. Slack was unreachable). */
export function refusedTokenError(error: unknown): string | undefined {
  const code = slackErrorCode(error);
  return code && REFUSED_TOKEN_ERRORS.has(code) ? code : undefined;
}

/** One line for readiness, logs and `bullpen doctor` on why auth.test failed. */
export function describeSlackAuthFailure(error: unknown): string {
  const refused = refusedTokenError(error);
  if (refused) {
    return `Slack refused SLACK_BOT_TOKEN (revoked, expired or mistyped, or the app was uninstalled): ${refused}`;
  }
  const reason = slackErrorCode(error) ?? (error instanceof Error ? error.message : String(error));
  return `auth.test failed: ${reason}`;
}

/** auth.test once at start-up, as a readiness check that says why Slack refused. */
export async function checkSlackAuth(
  client: { auth: Pick<WebClient['auth'], 'test'> },
  logger: Logger,
): Promise<ReadinessCheck> {
  try {
    const auth = await client.auth.test();
    return {
      name: 'slack',
      ok: true,
      detail: `authenticated as ${auth.user ?? 'bot'} in ${auth.team ?? 'team'}`,
    };
  } catch (error) {
    logger.error({ err: error }, 'Slack auth.test failed; check SLACK_BOT_TOKEN and SLACK_API_URL');
    return { name: 'slack', ok: false, detail: describeSlackAuthFailure(error) };
  }
}
