import { createHmac } from 'node:crypto';

/** Signs a request body the way Slack does: v0=HMAC-SHA256(secret, "v0:{ts}:{body}"). */
export function slackSignatureHeaders(
  signingSecret: string,
  body: string,
  timestamp = Math.floor(Date.now() / 1000),
) {
  const signature = createHmac('sha256', signingSecret).update(`v0:${timestamp}:${body}`).digest('hex');
  return {
    'x-slack-request-timestamp': String(timestamp),
    'x-slack-signature': `v0=${signature}`,
  };
}

export function slashCommandBody(fields: {
  command: string;
  text: string;
  user_id: string;
  channel_id?: string;
}): string {
  return new URLSearchParams({
    token: 'legacy-verification-token',
    team_id: 'T0DEMO',
    team_domain: 'demo',
    channel_id: fields.channel_id ?? 'C0DEMOSALES',
    channel_name: 'sales',
    user_id: fields.user_id,
    user_name: 'someone',
    command: fields.command,
    text: fields.text,
    api_app_id: 'A0BULLPEN',
    is_enterprise_install: 'false',
    response_url: 'https://hooks.slack.test/commands/T0DEMO/1/abc',
    trigger_id: '1.2.abc',
  }).toString();
}
