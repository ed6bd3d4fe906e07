import type { KnownBlock } from '@slack/types';
import type { HomeSection } from '../../../shared/home/section.ts';
import { currentPolicyHash } from '../app/sla-reindex.ts';
import type { LeadReadDeps } from '../deps.ts';
import { slaIndexStatus } from '../domain/sla-index-status.ts';
import { SlaIndexStore } from '../sla-index-store.ts';

/** The admin's Home line while the SLA index is not ready (first build, or re-index after a policy change). */
export const slaIndexSection = (deps: Pick<LeadReadDeps, 'redis' | 'keys' | 'config'>): HomeSection => ({
  order: 96,
  name: 'nudges.sla-index',
  appliesTo: (viewer) => viewer.roles.has('admin'),
  async render(_viewer, maxBlocks) {
    const index = new SlaIndexStore(deps);
    const [readyHash, progress] = await Promise.all([index.readyPolicyHash(), index.progress()]);
    const status = slaIndexStatus({ readyHash, currentHash: currentPolicyHash(deps), progress });
    if (status.ready) return [];
    const blocks: KnownBlock[] = [
      { type: 'context', elements: [{ type: 'mrkdwn', text: `:hourglass_flowing_sand: ${status.detail}` }] },
    ];
    return blocks.slice(0, maxBlocks);
  },
});
