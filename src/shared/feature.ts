import type { Services } from '../services.ts';
import type { SlackRouter } from '../platform/slack/router.ts';

/** One Slack feature: registers its commands, actions, views and events on the router. */
export interface SlackFeature {
  name: string;
  register(router: SlackRouter, services: Services): void;
}
