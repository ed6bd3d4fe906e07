import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SlackSimulator } from '@bullpen/slack-simulator';
import { waitFor } from '../../helpers/process.ts';

export const EXEC = 'U0DEMOEXEC1';
export const ADMIN = 'U0DEMOADMIN';
export const MANAGER = 'U0DEMOMGR01';
export const REP = 'U0DEMOREP01';
export const TEAMMATE = 'U0DEMOREP02';
export const OTHER_TEAM_REP = 'U0DEMOREP03';
export const SALES = 'C0DEMOSALES';
export const WINS = 'C0DEMOWINS1';

/** The demo roles plus a recognition channel (and the executive user group), as a policy file. */
export function policyFile(
  recognition: Record<string, unknown> = {},
  roles: Record<string, unknown> = {},
): string {
  const dir = mkdtempSync(join(tmpdir(), 'bullpen-recognition-'));
  const path = join(dir, 'policy.json');
  writeFileSync(
    path,
    JSON.stringify({
      roles: { admins: [ADMIN], executives: [EXEC], executiveUsergroup: 'S0DEMOEXECS', ...roles },
      recognition: { channel: WINS, ...recognition },
    }),
  );
  return path;
}

export const blocksText = (blocks: unknown): string => JSON.stringify(blocks ?? []);

export const botMessagesIn = (simulator: SlackSimulator, channel: string) =>
  simulator.workspace.messagesIn(channel).filter((m) => m.bot_id !== undefined);

export async function waitForPost(simulator: SlackSimulator, channel: string, includes: string) {
  return waitFor(
    async () =>
      botMessagesIn(simulator, channel).find(
        (m) => blocksText(m.blocks).includes(includes) || m.text.includes(includes),
      ),
    `a post in ${channel} containing "${includes}"`,
  );
}

export const ackText = (json: Record<string, unknown> | undefined): string =>
  typeof json?.['text'] === 'string' ? json['text'] : '';

/** The ack bullpen sends when a shout-out's checks outlast Slack's acknowledgement deadline. */
const HOLDING_NOTE = 'Checking the people you mentioned';

/**
 * Sends /shoutout and returns bullpen's answer wherever it came: in the acknowledgement, or, when
 * the checks took longer than the 2 s deadline (a loaded machine), through response_url after the
 * holding note. Which branch runs is the machine's business; both are tested with fake timers in
 * test/slack/ack-within.test.ts.
 */
export async function shoutoutAnswer(simulator: SlackSimulator, user: string, text: string) {
  const answeredBefore = new Set(
    simulator.workspace
      .ephemeralsFor(user)
      .filter((e) => e.source === 'response_url')
      .map((e) => e.ts),
  );
  const response = await simulator.sendSlashCommand(user, SALES, '/shoutout', text);
  const acked = ackText(response.json);
  if (!acked.startsWith(HOLDING_NOTE)) return { response, text: acked };
  const followUp = await waitFor(
    async () =>
      simulator.workspace
        .ephemeralsFor(user)
        .find((e) => e.source === 'response_url' && !answeredBefore.has(e.ts)),
    'the /shoutout answer through response_url',
  );
  return { response, text: followUp.text };
}
