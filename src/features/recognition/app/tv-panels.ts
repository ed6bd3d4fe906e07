import type { TvPanel } from '../../../shared/tv/panel.ts';
import type { RecognitionStore } from '../store.ts';
import type { RecognitionDeps } from './deps.ts';

type NameDeps = Pick<RecognitionDeps, 'store' | 'people'>;

/**
 * The TV board's recent shout-outs for a team: those given to anyone on it, newest first, with
 * people's Salesforce names (a TV shows no Slack mentions) and the text as typed. Redis only.
 */

const SCAN_RECENT = 200;
const SHOWN = 4;
const TEXT_MAX = 160;

async function nameOf(deps: NameDeps, slackId: string): Promise<string> {
  const salesforceId = await deps.people.salesforceIdFor(slackId);
  const user = salesforceId ? await deps.store.get('User', salesforceId) : null;
  return user?.Name ?? 'a teammate';
}

const oneLine = (text: string): string => {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > TEXT_MAX ? `${flat.slice(0, TEXT_MAX - 1)}…` : flat;
};

export const recognitionTvPanels = (deps: NameDeps & { shoutouts: RecognitionStore }): TvPanel[] => [
  {
    order: 30,
    name: 'recognition.shout-outs',
    async load(scope) {
      const team = new Set(scope.memberSlackIds);
      const recent = (await deps.shoutouts.recent(SCAN_RECENT))
        .filter((s) => !s.deletedAt && s.recipients.some((r) => team.has(r)))
        .slice(0, SHOWN);
      const items = await Promise.all(
        recent.map(async (s) => {
          const to = await Promise.all(s.recipients.map((r) => nameOf(deps, r)));
          const from = await nameOf(deps, s.authorId);
          return { text: oneLine(s.plain), detail: `${from} → ${to.join(', ')}` };
        }),
      );
      return { kind: 'list', title: '👏 Shout-outs', items, empty: 'No shout-outs yet.' };
    },
  },
];
