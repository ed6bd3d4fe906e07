import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createContestEngine } from '../../../src/features/contests/index.ts';
import type { Contest } from '../../../src/features/contests/domain/model.ts';
import type { Clock } from '../../../src/platform/clock.ts';
import { demoPeople } from '@bullpen/demo-company';
import { runSync } from '../../../src/shared/sync/sync-jobs.ts';
import type { SimMessage } from '@bullpen/slack-simulator';
import { startLocalBullpen, type LocalBullpen } from '../../helpers/app.ts';
import { waitFor } from '../../helpers/process.ts';

/**
 * Local bullpen with the demo roles and contest jobs on a clock whose delays are scaled by
 * `timeScale` (or on the given clock, for tests that move time themselves).
 */
export async function startContestBullpen(
  prefix: string,
  timeScale: number | Clock,
  /** More lines of the policy's `contests:` section, indented by two spaces. */
  contestPolicy: readonly string[] = [],
  /** More top-level sections of the policy file, as lines. */
  otherPolicy: readonly string[] = [],
): Promise<LocalBullpen> {
  const dir = mkdtempSync(join(tmpdir(), 'bullpen-contests-'));
  const path = join(dir, 'policy.yml');
  writeFileSync(
    path,
    [
      'roles:',
      '  admins: [U0DEMOADMIN]',
      '  executives: [U0DEMOEXEC1]',
      'contests:',
      '  defaultTimeZone: America/New_York',
      ...contestPolicy,
      ...otherPolicy,
    ].join('\n'),
  );
  const local = await startLocalBullpen(
    prefix,
    { BULLPEN_CONFIG: path, SF_SYNC_INTERVAL_SECONDS: '3600' },
    { clock: typeof timeScale === 'number' ? { now: () => new Date(), timeScale } : timeScale },
  );
  // Managers are recognised from Salesforce ManagerId once people are matched.
  await runSync(local.app.services, { force: true });
  return local;
}

export const person = (role: string, index = 0) => {
  const found = demoPeople.filter((p) => p.role === role)[index];
  if (!found) throw new Error(`no demo ${role} #${index}`);
  return found;
};

export const SALES = 'C0DEMOSALES';

export async function waitForContest(
  local: LocalBullpen,
  predicate: (contest: Contest) => boolean,
  what: string,
): Promise<Contest> {
  const engine = createContestEngine(local.app.services);
  return waitFor(async () => (await engine.contests.list()).find(predicate), what);
}

export const messagesMatching = (local: LocalBullpen, channel: string, pattern: RegExp): SimMessage[] =>
  local.simulator.workspace.messagesIn(channel).filter((m) => pattern.test(m.text));

export const ephemeralText = (local: LocalBullpen, userId: string): string =>
  local.simulator.workspace
    .ephemeralsFor(userId)
    .map((e) => `${e.text}\n${JSON.stringify(e.blocks ?? [])}`)
    .join('\n---\n');

/**
 * Logs completed calls in the emulator, `counts[i]` of them for `reps[i]`, each on a different open
 * lead the rep owns (the next sync brings them to bullpen). `createdAt` pins their CreatedDate.
 */
export function logCalls(
  local: LocalBullpen,
  reps: readonly { salesforceId: string }[],
  counts: readonly number[],
  createdAt?: Date,
): void {
  reps.forEach((rep, i) => {
    const leads = [...local.emulator.store.records('Lead')]
      .filter(
        (l) => l['OwnerId'] === rep.salesforceId && l['IsDeleted'] !== true && l['IsConverted'] !== true,
      )
      .slice(0, counts[i] ?? 0);
    for (const lead of leads) {
      const task = { WhoId: lead['Id'], OwnerId: rep.salesforceId, Subject: 'Call', TaskSubtype: 'Call' };
      local.emulator.store.insert(
        'Task',
        { ...task, Status: 'Completed', ...(createdAt ? { CreatedDate: createdAt.toISOString() } : {}) },
        { userId: rep.salesforceId, trusted: true },
      );
    }
  });
}
