import type { SlackFeature } from './feature.ts';
import { contestsFeature } from './listeners/contests.ts';
import { helpFeature } from './listeners/help.ts';
import { homeFeature } from './listeners/home.ts';
import { nudgesFeature } from './listeners/nudges.ts';
import { recognitionFeature } from './listeners/recognition.ts';

/** Every Slack feature bullpen registers, in one place so the manifest check sees them all. */
export const slackFeatures: SlackFeature[] = [
  helpFeature,
  recognitionFeature,
  homeFeature,
  nudgesFeature,
  contestsFeature,
];
