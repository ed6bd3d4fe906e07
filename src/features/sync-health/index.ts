import type { Feature } from '../../shared/feature.ts';
import type { SyncHealthDeps } from './deps.ts';
import { syncHealthSection } from './slack/home-section.ts';

export type { SyncHealthDeps } from './deps.ts';

/** Admins' view of sync on App Home: last success, freshness, API budget, unmatched people, queues. */
export function createSyncHealthFeature(deps: SyncHealthDeps): Feature {
  return { name: 'sync-health', homeSections: [syncHealthSection(deps)] };
}
