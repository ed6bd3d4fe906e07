import { App } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import { createNudgesFeature } from '../../../src/features/nudges/index.ts';
import { NUDGE_ACTIONS, NUDGE_VIEWS } from '../../../src/features/nudges/slack/blocks.ts';
import { FOLLOWUP_REPORT_ACTION } from '../../../src/features/nudges/slack/rollup-blocks.ts';
import { loadConfig } from '../../../src/config.ts';
import { createLogger } from '../../../src/platform/http/logger.ts';
import { createRedis } from '../../../src/platform/redis.ts';
import { SlackRouter } from '../../../src/platform/slack/router.ts';
import { buildParts } from '../../../src/main.ts';

describe('the nudges Feature', () => {
  it('declares its queues, Slack surface and Home sections without connecting to anything', () => {
    const config = loadConfig({});
    // Never connected: building and registering the feature must not need Redis or Slack.
    const redis = createRedis(config.env.REDIS_URL, 'commands', { lazyConnect: true });
    const services = buildParts({
      config,
      logger: createLogger({ level: 'silent' }),
      redis,
      slack: { botToken: 'xoxb-offline', apiUrl: config.slack.apiUrl },
    });
    const refreshed: string[] = [];
    const feature = createNudgesFeature({
      ...services,
      refreshHome: async (slackUserId) => void refreshed.push(slackUserId),
    });
    const router = new SlackRouter(
      new App({ token: 'xoxb-offline', signingSecret: 'offline', tokenVerificationEnabled: false }),
    );
    feature.registerSlack?.(router);
    redis.disconnect();

    expect(feature.name).toBe('nudges');
    expect(feature.queues?.map((q) => q.name)).toEqual(['nudges', 'salesforce-writes', 'nudge-replies']);
    expect(router.surface.commands).toEqual(['/leads', '/followup']);
    expect([...router.surface.actions].sort()).toEqual(
      [...Object.values(NUDGE_ACTIONS), FOLLOWUP_REPORT_ACTION].sort(),
    );
    expect([...router.surface.views].sort()).toEqual(Object.values(NUDGE_VIEWS).sort());
    expect(feature.homeSections?.map((s) => s.name)).toEqual([
      'nudges.rep-leads',
      'nudges.org-rollup',
      'nudges.team-follow-up',
      'nudges.nudge-to-action',
      'nudges.sla-index',
    ]);
    expect(refreshed).toEqual([]);
  });
});
