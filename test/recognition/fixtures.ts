import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SlackSimulator } from '../../src/slack/simulator/index.ts';
import { waitFor } from '../helpers/process.ts';

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
    10_000,
    `a post in ${channel} containing "${includes}"`,
  );
}

export const ackText = (json: Record<string, unknown> | undefined): string =>
  typeof json?.['text'] === 'string' ? json['text'] : '';
