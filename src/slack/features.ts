import type { SlackFeature } from './feature.ts';
import { helpFeature } from './listeners/help.ts';

/** Every Slack feature bullpen registers, in one place so the manifest check sees them all. */
export const slackFeatures: SlackFeature[] = [helpFeature];
