import type { HomeViewer } from '../../../shared/home/section.ts';
import type { RecognitionDeps } from './deps.ts';

export type TeamDeps = Pick<RecognitionDeps, 'store' | 'people'>;

/** Slack ids of the viewer's team: same Salesforce manager, plus the viewer's own reports. */
export async function teamOf(
  deps: TeamDeps,
  viewer: Pick<HomeViewer, 'slackUserId' | 'salesforceUserId'>,
): Promise<Set<string>> {
  const team = new Set<string>();
  if (!viewer.salesforceUserId) return team;
  const [me, reports] = await Promise.all([
    deps.store.get('User', viewer.salesforceUserId),
    deps.store.reportsOf(viewer.salesforceUserId),
  ]);
  const salesforceIds = new Set<string>([
    ...(me?.ManagerId ? await deps.store.reportsOf(me.ManagerId) : []),
    ...reports,
  ]);
  // One HMGET for the whole team, not a read per teammate.
  const slackIds = await deps.people.slackIdsFor([...salesforceIds]);
  for (const id of slackIds) if (id && id !== viewer.slackUserId) team.add(id);
  return team;
}
