import type { SlackFeature } from '../shared/feature.ts';
import { contestsFeature } from './contests/index.ts';
import { helpFeature } from './help/slack/register.ts';
import { homeFeature } from './home/slack/register.ts';
import { nudgesFeature } from './nudges/slack/register.ts';
import { recognitionFeature } from './recognition/slack/register.ts';

/** Every Slack feature bullpen registers, in one place so the manifest check sees them all. */
export const slackFeatures: SlackFeature[] = [
  helpFeature,
  recognitionFeature,
  homeFeature,
  nudgesFeature,
  contestsFeature,
];
