import { contestsHomeSectionsOf } from './contests/index.ts';
import { nudgesHomeSections } from './nudges/home-sections.ts';
import { recognitionHomeSections } from './recognition/home-sections.ts';
import type { Services } from '../services.ts';
import type { HomeSection } from '../shared/home/section.ts';
import { syncHealthSection } from './sync-health/slack/home-section.ts';

/**
 * Every App Home section, from every feature. Home shows the ones that apply to the viewer, in
 * `order`, within Slack's 100-block limit (src/features/home/app/render.ts). A feature adds a
 * section by exporting it from its own home-sections.ts and listing it here.
 */
export const homeSections = (services: Services): HomeSection[] => [
  ...nudgesHomeSections(services),
  ...contestsHomeSectionsOf(services),
  ...recognitionHomeSections(services),
  syncHealthSection(services),
];
