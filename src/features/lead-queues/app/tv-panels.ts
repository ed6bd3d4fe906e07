import type { TvListItem, TvPanel } from '../../../shared/tv/panel.ts';
import { isWaitingIn } from './arrivals.ts';
import type { LeadQueuesDeps } from '../deps.ts';

type PanelDeps = Pick<LeadQueuesDeps, 'queues' | 'store'>;

const SHOWN_QUEUES = 4;

const minutesSince = (iso: string, now: Date): number =>
  Math.max(0, Math.floor((now.getTime() - Date.parse(iso)) / 60_000));

const waited = (minutes: number): string =>
  minutes < 60 ? `${minutes}m` : `${Math.floor(minutes / 60)}h ${minutes % 60}m`;

/**
 * The TV board's "leads waiting in queues": for each lead queue someone on the team belongs to, how
 * many leads wait in it unclaimed and how long the oldest has waited. Lead names only on screens
 * made with names:on. Redis only (the queue directory and the synced leads).
 */
export const leadQueuesTvPanels = (deps: PanelDeps): TvPanel[] => [
  {
    order: 15,
    name: 'lead-queues.waiting',
    async load(scope) {
      const team = new Set(scope.ownerIds);
      const queues = (await deps.queues.all()).filter((q) => q.memberUserIds.some((id) => team.has(id)));
      let total = 0;
      const items: TvListItem[] = [];
      for (const queue of queues) {
        const leads = await deps.store.getMany('Lead', await deps.store.leadIdsOwnedBy(queue.id));
        const waiting = leads
          .filter((lead) => isWaitingIn(lead, queue))
          .sort((a, b) => a.CreatedDate.localeCompare(b.CreatedDate));
        total += waiting.length;
        const oldest = waiting[0];
        if (!oldest || items.length >= SHOWN_QUEUES) continue;
        const names = scope.showLeadNames
          ? ` · ${waiting
              .slice(0, 3)
              .map((l) => l.Name)
              .join(', ')}`
          : '';
        const longest = waited(minutesSince(oldest.CreatedDate, scope.now));
        items.push({ text: `${queue.name}: ${waiting.length}`, detail: `oldest waiting ${longest}${names}` });
      }
      const detail = queues.length === 0 ? 'The team is in no lead queue.' : 'unclaimed in the team’s queues';
      return { kind: 'count', title: '📥 Leads waiting in queues', value: total, detail, items };
    },
  },
];
