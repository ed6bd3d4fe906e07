// Rendering a rep's App Home at its heaviest: 500 more overdue leads than the demo org gives them and
// 2,000 shout-outs, bullpen in local mode in-process on real Redis. Home must be published well
// inside Slack's patience on every app_home_opened, so this is a per-open cost.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../src/config.ts';
import { startBullpen, type RunningBullpen } from '../src/main.ts';
import { createLogger } from '../src/platform/http/logger.ts';
import { Recognition } from '../src/features/recognition/app/recognition.ts';
import { runSync } from '../src/shared/sync/sync-jobs.ts';
import { homeViewerFor, renderHome } from '../src/features/home/app/render.ts';
import { createRedis, deleteKeysWithPrefix } from '../src/platform/redis.ts';

const RENDERS = 20;
const EXTRA_OVERDUE_LEADS = 500;
const SHOUTOUTS = 2_000;
const REP = 'U0DEMOREP01';
const EXEC = 'U0DEMOEXEC1';
const WINS = 'C0DEMOWINS1';
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

function policyFile(): string {
  const path = join(mkdtempSync(join(tmpdir(), 'bench-home-')), 'policy.json');
  const roles = { admins: ['U0DEMOADMIN'], executives: [EXEC], executiveUsergroup: 'S0DEMOEXECS' };
  writeFileSync(path, JSON.stringify({ roles, recognition: { channel: WINS } }));
  return path;
}

async function addOverdueLeads(app: RunningBullpen): Promise<void> {
  const emulator = app.emulator;
  const owner = await app.services.people.salesforceIdFor(REP);
  const template = [...(emulator?.store.records('Lead') ?? [])].find((l) => l['OwnerId'] === owner);
  if (!emulator || !template) throw new Error('local mode has no emulator lead for the rep to copy');
  const created = new Date(Date.now() - 10 * 86_400_000).toISOString().replace('Z', '+0000');
  const stamp = new Date().toISOString().replace('Z', '+0000');
  emulator.store.load(
    'Lead',
    Array.from({ length: EXTRA_OVERDUE_LEADS }, (_, i) => ({
      ...template,
      Id: `00Q9${String(i).padStart(11, '0')}AAA`,
      LastName: `Overdue${i}`,
      Status: 'Open - Not Contacted',
      IsConverted: false,
      IsDeleted: false,
      LastActivityDate: null,
      CreatedDate: created,
      SystemModstamp: stamp,
    })),
  );
  await runSync(app.services, { force: true });
}

async function addShoutouts(app: RunningBullpen): Promise<void> {
  const store = new Recognition(app.services).store;
  const now = Date.now();
  for (let i = 0; i < SHOUTOUTS; i += 1) {
    await store.create({
      id: `so-bench${String(i).padStart(6, '0')}`,
      authorId: EXEC,
      recipients: [REP],
      text: `Bench shout-out ${i} ${'&amp; '.repeat(60)}`,
      plain: `Bench shout-out ${i}`,
      style: 'executive',
      opportunityId: null,
      channel: WINS,
      deliveryKey: `shoutout-so-bench${i}`,
      source: 'command',
      createdAt: new Date(now - i * 1000).toISOString(),
    });
  }
}

export async function benchHomeRender(): Promise<Record<string, number | string>> {
  const prefix = `bench-home-${process.pid}`;
  const config = loadConfig({
    PORT: '0',
    SLACK_SIMULATOR_PORT: '0',
    REDIS_URL,
    REDIS_PREFIX: prefix,
    BULLPEN_CONFIG: policyFile(),
    LOG_LEVEL: 'warn',
  });
  const app = await startBullpen(config, createLogger({ level: 'warn' }));
  try {
    await runSync(app.services, { force: true });
    await addOverdueLeads(app);
    await addShoutouts(app);
    const timings: number[] = [];
    let blocks = 0;
    for (let i = 0; i < RENDERS; i += 1) {
      const viewer = await homeViewerFor(app.services, REP);
      const rendered = await renderHome(app.services, viewer, app.features.homeSections);
      timings.push(rendered.renderMs);
      blocks = rendered.view.blocks.length;
    }
    timings.sort((a, b) => a - b);
    const ms = (at: number) => Math.round((timings[at] ?? 0) * 10) / 10;
    return {
      overdueLeadsAdded: EXTRA_OVERDUE_LEADS,
      shoutouts: SHOUTOUTS,
      renders: RENDERS,
      blocks,
      medianMs: ms(Math.floor(RENDERS / 2)),
      p95Ms: ms(Math.ceil(RENDERS * 0.95) - 1),
      slowestMs: ms(RENDERS - 1),
    };
  } finally {
    await app.close();
    const redis = createRedis(REDIS_URL, 'commands');
    await deleteKeysWithPrefix(redis, prefix);
    await redis.quit();
  }
}
