import type { SlackFeature } from '../../../shared/feature.ts';
import { createHelpFeature } from '../index.ts';

/** Transitional: the Slack registry's entry until main.ts registers `createHelpFeature()`. */
export const helpFeature: SlackFeature = {
  name: 'help',
  register: (router) => createHelpFeature().registerSlack?.(router),
};
