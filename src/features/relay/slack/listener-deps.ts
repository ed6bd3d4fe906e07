import { z } from 'zod';
import type { Decide } from '../app/decide.ts';
import type { RelayDeps } from '../app/deps.ts';
import type { Qualify } from '../app/qualify.ts';

/** What `/funnel` and its drill-down use in the web process: the queue their worker answers from. */
export type FunnelListenerDeps = Pick<RelayDeps, 'jobs' | 'logger'>;

/** What the relay's listeners use: the use cases and the lookups the modals need. */
export interface RelayListenerDeps
  extends
    Pick<RelayDeps, 'config' | 'logger' | 'people' | 'store' | 'redis' | 'keys' | 'roles' | 'delivery'>,
    FunnelListenerDeps {
  qualify: Qualify;
  decide: Decide;
}

export const viewSchema = z.object({
  id: z.string(),
  private_metadata: z.string(),
  state: z.object({ values: z.unknown() }),
});
export const userBodySchema = z.object({ user: z.object({ id: z.string() }) });
