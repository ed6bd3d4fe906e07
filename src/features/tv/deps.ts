import type { Logger } from '../../platform/http/logger.ts';
import type { SharedParts } from '../../shared/parts.ts';
import type { TvPanel } from '../../shared/tv/panel.ts';

/** What the TV board uses: its links in Redis, people and roles for the team, the others' panels. */
export interface TvDeps extends Pick<SharedParts, 'redis' | 'keys' | 'people' | 'roles' | 'store'> {
  logger: Logger;
  /** Every feature's TV panels, handed in by main.ts. */
  panels: readonly TvPanel[];
  /**
   * The address people's screens reach bullpen at (PUBLIC_URL, else the server's own URL). Late
   * bound: the server's port is known only once it listens.
   */
  publicUrl: () => string;
  /** How often open screens' views are recomputed (ms); tests keep the default. */
  tickMs?: number;
}
