import type { ContestDraft } from '../domain/draft.ts';
import {
  blockIdFor,
  buildContestModal,
  modalSubmissionToDraft,
  type ModalMetadata,
  type StateValues,
} from '../slack/modal.ts';
import { modalAccessErrors } from './access.ts';
import type { ContestEngine } from './engine.ts';
import { claimLaunch, knownLeadSources, launchReply } from './launch-command.ts';
import { workspaceUsergroups } from './launch.ts';
import { mayLaunch } from './manage.ts';

/**
 * The launch modal: opened with the workspace's user groups and lead sources, checked when
 * submitted (who may launch, the fields, what Salesforce lets bullpen read), launched once per modal.
 */

/**
 * The modal, optionally pre-filled from a template, for a launch from this channel; `revision`
 * counts the templates picked in it (see blockIdFor).
 */
export async function contestModalView(
  engine: ContestEngine,
  originChannelId: string,
  templateId?: string,
  revision = 0,
) {
  const [usergroups, leadSources] = await Promise.all([
    workspaceUsergroups(engine),
    knownLeadSources(engine),
  ]);
  return buildContestModal({
    originChannelId,
    usergroups,
    leadSources: leadSources ?? [],
    ...(templateId ? { templateId } : {}),
    revision,
  });
}

export type ModalCheck = { ok: true; draft: ContestDraft } | { ok: false; errors: Record<string, string> };

/** The draft a submission describes, or the errors to show on its fields (the modal stays open). */
export async function checkModalSubmission(
  engine: ContestEngine,
  userId: string,
  values: StateValues,
  metadata: ModalMetadata | null,
): Promise<ModalCheck> {
  const revision = metadata?.revision ?? 0;
  if (!(await mayLaunch(engine, userId))) {
    return {
      ok: false,
      errors: { [blockIdFor('name', revision)]: 'Only managers and admins can launch contests.' },
    };
  }
  const result = modalSubmissionToDraft(values, {
    now: new Date(),
    ...(metadata?.templateId ? { templateId: metadata.templateId } : {}),
    revision,
    knownLeadSources: await knownLeadSources(engine),
  });
  if (!result.ok) return result;
  const accessErrors = await modalAccessErrors(engine.deps, result.draft, revision);
  return accessErrors ? { ok: false, errors: accessErrors } : result;
}

/**
 * Launches a checked submission, once per modal even if Slack delivers it twice, and tells the
 * manager privately in the contest's channel (or the one the modal was opened from).
 */
export async function launchFromModal(
  engine: ContestEngine,
  submission: { viewId: string; userId: string; draft: ContestDraft; originChannelId?: string },
): Promise<void> {
  const { viewId, userId, draft } = submission;
  if (!(await claimLaunch(engine, userId, `view-${viewId}`))) return;
  const reply = await launchReply(engine, draft, userId);
  const channel = draft.channel.kind === 'id' ? draft.channel.id : submission.originChannelId;
  if (!channel) return;
  await engine.deps.delivery.deliver({
    key: `contest-launched-${viewId}`,
    method: 'chat.postEphemeral',
    args: { channel, user: userId, text: reply.text, blocks: reply.blocks },
  });
}
