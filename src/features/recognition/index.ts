import type { Feature } from '../../shared/feature.ts';
import type { RecognitionDeps } from './app/deps.ts';
import { Recognition } from './app/recognition.ts';
import { recognitionQueue, startRecognitionJobs } from './jobs.ts';
import { recognitionDailySection } from './slack/daily-section.ts';
import { recentShoutoutsSection } from './slack/home-section.ts';
import { registerRecognitionListeners } from './slack/register.ts';
import { recognitionTvPanels } from './app/tv-panels.ts';

export type { RecognitionDeps } from './app/deps.ts';

/**
 * Shout-outs and win prompts: `/shoutout` and its modal, the message shortcut, executives' DMs for
 * big wins, the optional Chatter mirror and the "Shout-outs" section of App Home. The use cases are
 * built once here and shared by the listeners, the jobs and the Home section.
 */
export function createRecognitionFeature(deps: RecognitionDeps): Feature {
  const recognition = new Recognition(deps);
  return {
    name: 'recognition',
    queues: [recognitionQueue],
    registerSlack: (router) => registerRecognitionListeners(router, { ...deps, recognition }),
    startJobs: async () => startRecognitionJobs(deps, recognition),
    homeSections: [recentShoutoutsSection({ ...deps, shoutouts: recognition.store })],
    tvPanels: recognitionTvPanels({ ...deps, shoutouts: recognition.store }),
    dailySections: [recognitionDailySection(recognition.store)],
  };
}
