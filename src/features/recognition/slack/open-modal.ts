import type { WebClient } from '@slack/web-api';
import type { RecognitionListenerDeps } from './listener-deps.ts';
import { noticeModal } from '../../../platform/slack/modals.ts';
import { buildShoutoutModal, SHOUTOUT_TITLE, type ModalMetadata } from './modal.ts';

export interface ModalPrefill {
  recipients: string[];
  message: string;
  opportunityId: string | null;
  metadata: ModalMetadata;
}

/** Opens the shout-out modal, with the recent wins to pick from. */
export async function openShoutoutModal(
  deps: Pick<RecognitionListenerDeps, 'recognition' | 'config'>,
  client: WebClient,
  triggerId: string,
  prefill: ModalPrefill,
): Promise<void> {
  const view = buildShoutoutModal({
    ...prefill,
    selectedOpportunityId: prefill.opportunityId,
    opportunities: await deps.recognition.opportunityChoices(prefill.opportunityId),
    maxMessageLength: deps.config.policy.recognition.maxMessageLength,
  });
  await client.views.open({ trigger_id: triggerId, view });
}

/** A modal that only explains, for clicks that have no channel to answer in (App Home). */
export async function openNotice(client: WebClient, triggerId: string, text: string): Promise<void> {
  await client.views.open({
    trigger_id: triggerId,
    view: noticeModal({ title: SHOUTOUT_TITLE, text }),
  });
}
