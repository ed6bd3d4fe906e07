// The SLA index bench's memory probe, run by bench-sla-index.ts as a child process with
// `node --max-old-space-size=512`: the index scan over an org the parent already stored (Redis prefix
// and instant as arguments), a few times, then the process's peak RSS and its RSS before the scans
// as JSON on stdout. A child of its own, so the parent's org generation does not count.
import { Redis } from 'ioredis';
import { allUsers } from '../src/features/nudges/app/lead-loader.ts';
import { classifyOwners } from '../src/features/nudges/app/scan-owners.ts';
import { depsFor } from './bench-sla-index.ts';

const SCANS = 5;
const [prefix, nowArg] = process.argv.slice(2);
if (!prefix || !nowArg) throw new Error('usage: bench-sla-index-scan.ts <redis prefix> <now ms>');
const now = Number(nowArg);
const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
try {
  const deps = depsFor(redis, prefix);
  const rssBeforeMb = process.memoryUsage().rss / 1_048_576;
  let listed = 0;
  for (let i = 0; i < SCANS; i += 1) {
    const reading = { now: new Date(now), users: await allUsers(deps) };
    const owners = await classifyOwners(deps, reading, 'index');
    listed = [...owners.values()].reduce((sum, o) => sum + o.listed.length + o.moreCount, 0);
  }
  // resourceUsage().maxRSS is in kilobytes: the process's high-water mark, scans included.
  const peakRssMb = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(`${JSON.stringify({ rssBeforeMb, peakRssMb, listed })}\n`);
} finally {
  redis.disconnect();
}
