import type { Feature } from '../../shared/feature.ts';
import { Decide } from './app/decide.ts';
import type { RelayDeps } from './app/deps.ts';
import { relayStatusesCheck } from './doctor-check.ts';
import { Qualify } from './app/qualify.ts';
import { relayQueue, relayRepliesQueue, startRelayJobs } from './jobs.ts';
import { funnelDigestSection, funnelHomeSection } from './slack/funnel-sections.ts';
import { registerRelayListeners } from './slack/register.ts';

export type { RelayDeps } from './app/deps.ts';

/**
 * The SDR → AE relay (issue 14 items 1–2): an SDR qualifies a lead (`/qualify`, the message
 * shortcut) and hands it to an AE in one all-or-nothing Salesforce write; the AE accepts it (their
 * first-touch clock starts) or returns it to nurture with a reason, under an accept SLA; marketing
 * sees the relay as numbers (`/funnel`, Home, the weekly digest: item 3).
 */
export function createRelayFeature(deps: RelayDeps): Feature {
  const qualify = new Qualify(deps);
  const decide = new Decide(deps);
  return {
    name: 'relay',
    doctorChecks: [(env) => relayStatusesCheck({ env, policy: deps.config.policy })],
    queues: [relayQueue, relayRepliesQueue],
    registerSlack: (router) => registerRelayListeners(router, { ...deps, qualify, decide }),
    startJobs: async () => startRelayJobs(deps),
    homeSections: [funnelHomeSection(deps)],
    weeklyDigestSections: [funnelDigestSection(deps)],
  };
}
