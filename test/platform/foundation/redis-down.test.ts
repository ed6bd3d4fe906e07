import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config.ts';
import { startBullpen, type RunningBullpen } from '../../../src/main.ts';
import { createLogger } from '../../../src/platform/http/logger.ts';
import { freePort, waitFor } from '../../helpers/process.ts';
import {
  hasRedisServer,
  startOwnRedis,
  warnIfNoRedisServer,
  type OwnRedis,
} from '../../helpers/redis-server.ts';
import { EXEC, MANAGER, policyFile, SALES } from '../../features/recognition/fixtures.ts';

/**
 * Redis stops under a running bullpen. A person's command must not wait on it: they hear at once
 * that nothing was changed, with what they typed quoted back, while the workers wait for Redis
 * and carry on when it returns.
 */

warnIfNoRedisServer('the Redis-down command tests');

const UNREACHABLE = /can't reach its database.*nothing was changed.*try again in a minute/is;

describe.skipIf(!hasRedisServer)('a command while Redis is down (needs the redis-server binary)', () => {
  let running: RunningBullpen | undefined;
  let redis: OwnRedis | undefined;
  afterEach(async () => {
    await running?.close();
    running = undefined;
    await redis?.stop();
  });

  async function startWithOwnRedis(): Promise<{ app: RunningBullpen; port: number }> {
    const port = await freePort();
    redis = await startOwnRedis(port);
    const config = loadConfig({
      PORT: '0',
      SLACK_SIMULATOR_PORT: '0',
      REDIS_URL: `redis://127.0.0.1:${port}`,
      LOG_LEVEL: process.env['TEST_LOG_LEVEL'] ?? 'silent',
      SHUTDOWN_TIMEOUT_MS: '500',
      BULLPEN_CONFIG: policyFile({}, { managers: [MANAGER] }),
    });
    running = await startBullpen(config, createLogger({ level: config.env.LOG_LEVEL }), { slackRetries: 1 });
    return { app: running, port };
  }

  // who, the command, what they typed, and a piece of it the quote must carry back
  const commands: [string, string, string, string][] = [
    ['an executive', '/shoutout', `<@U0DEMOREP01|sam> booked three demos before lunch`, 'booked three demos'],
    ['a manager', '/contest', 'start "Webinar blitz" metric:followups for:3d in:#sales', 'Webinar blitz'],
    ['a manager', '/contest', 'list', 'list'],
    ['a rep', '/leads', '', ''],
  ];

  for (const [who, command, text, quoted] of commands) {
    it(`answers ${who}'s ${command} ${text.split(' ')[0] ?? ''} with a clear message and quotes it back`, async () => {
      const { app, port } = await startWithOwnRedis();
      const simulator = app.simulator;
      if (!simulator) throw new Error('local mode did not start the simulator');
      const user = command === '/shoutout' ? EXEC : command === '/contest' ? MANAGER : 'U0DEMOREP01';
      await redis?.stop();

      const response = await simulator.sendSlashCommand(user, SALES, command, text);
      expect(response.timedOut).toBeFalsy();
      const answer = await waitFor(
        async () => simulator.workspace.ephemeralsFor(user, SALES).find((e) => UNREACHABLE.test(e.text)),
        'the "cannot reach its database" answer',
      );
      if (quoted) expect(answer.text).toMatch(new RegExp(`^> ${command} .*${quoted}`, 'm'));

      // Nothing was queued: when Redis is back, no job from the refused command runs.
      redis = await startOwnRedis(port);
      const counts = await app.services.jobs
        .queueNamed('recognition')
        .getJobCounts('waiting', 'delayed', 'active');
      expect(counts).toEqual({ waiting: 0, delayed: 0, active: 0 });
    });
  }
});
