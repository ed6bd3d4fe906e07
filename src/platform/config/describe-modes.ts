import type { PlatformConfig } from './load.ts';
import { redactUrl } from './redact.ts';

/** What this process is about to talk to, in words for the start-up log (secrets redacted). */
export function describeModes(config: PlatformConfig): string[] {
  const lines: string[] = [`role: ${config.env.ROLE}`];
  const slack = config.slack;
  const sf = config.salesforce;
  const localSlack =
    sf.mode === 'org'
      ? 'Slack: simulator on purpose (BULLPEN_LOCAL_SLACK=1) with a real Salesforce org: nobody in a real workspace sees bullpen'
      : 'Slack: local mode (no SLACK_BOT_TOKEN): using the local Slack workspace simulator';
  lines.push(
    slack.mode === 'local'
      ? localSlack
      : `Slack: ${slack.mode === 'socket' ? 'Socket Mode' : 'HTTP receiver'} against ${redactUrl(slack.apiUrl)}`,
  );
  const localSalesforce =
    slack.mode !== 'local'
      ? 'Salesforce: demo emulator on purpose (BULLPEN_LOCAL_SALESFORCE=1) with real Slack: demo people, demo data'
      : 'Salesforce: local mode (no credentials): using the embedded Salesforce emulator with demo data';
  lines.push(
    sf.mode === 'emulator'
      ? localSalesforce
      : `Salesforce: ${sf.auth.kind} login at ${redactUrl(sf.loginUrl)} (API v${sf.apiVersion})`,
  );
  return lines;
}
