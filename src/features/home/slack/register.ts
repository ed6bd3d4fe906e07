import type { Services } from '../../../services.ts';
import type { SlackFeature } from '../../../shared/feature.ts';
import { homeSections } from '../../home-registry.ts';
import { publishHome as publishWithSections } from '../app/publish-home.ts';
import type { RenderedHome } from '../app/render.ts';
import { createHomeFeature } from '../index.ts';

/**
 * Transitional, deleted when main.ts builds `createHomeFeature({ sections, ... })`: until then the
 * Slack registry registers Home from here, and nudges' lead actions refresh Home through
 * `publishHome(services, user)`. Only these wrappers read the transitional home registry.
 */
export const homeFeature: SlackFeature = {
  name: 'home',
  register: (router, services) =>
    createHomeFeature({ ...services, sections: homeSections(services) }).registerSlack?.(router),
};

export const publishHome = (services: Services, slackUserId: string): Promise<RenderedHome> =>
  publishWithSections({ ...services, sections: homeSections(services) }, slackUserId);
