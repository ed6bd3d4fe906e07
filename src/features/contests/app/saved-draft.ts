import { ephemeralMessage, ephemeralText } from '../../../platform/slack/replies.ts';
import type { ContestEngine } from './engine.ts';
import { launchReply } from './launch-command.ts';
import { mayLaunch } from './manage.ts';

/** "Launch it" on a saved draft: only its author (still a manager or admin) launches it, once. */

export type SavedDraftAnswer =
  | { kind: 'reply'; message: ReturnType<typeof ephemeralText> }
  | { kind: 'launched'; message: ReturnType<typeof ephemeralMessage> }
  | { kind: 'double-click' };

export async function launchSavedDraft(
  engine: ContestEngine,
  draftId: string,
  userId: string,
): Promise<SavedDraftAnswer> {
  const owner = await engine.contests.peekDraft(draftId);
  if (!owner)
    return { kind: 'reply', message: ephemeralText('That draft was already launched or has expired.') };
  if (owner.createdBy !== userId || !(await mayLaunch(engine, userId))) {
    return { kind: 'reply', message: ephemeralText('Only the manager who wrote this draft can launch it.') };
  }
  const taken = await engine.contests.takeDraft(draftId);
  // A double click: the first click launched it.
  if (!taken) return { kind: 'double-click' };
  return { kind: 'launched', message: ephemeralMessage(await launchReply(engine, taken.draft, userId)) };
}
