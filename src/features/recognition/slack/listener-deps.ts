import type { WebClient } from '@slack/web-api';
import { z } from 'zod';
import type { RecognitionDeps } from '../app/deps.ts';
import type { Recognition } from '../app/recognition.ts';
import { buildShoutoutModal, type ModalMetadata } from './modal.ts';

/** What recognition's Slack listeners use: the use cases, and a few reads for pre-filling the modal. */
export interface RecognitionListenerDeps extends Pick<RecognitionDeps, 'logger'> {
  config: {
    policy: { recognition: Pick<RecognitionDeps['config']['policy']['recognition'], 'maxMessageLength'> };
  };
  recognition: Recognition;
}

/** The payload of a button or overflow click, as recognition reads it. */
export const actionBodySchema = z.object({
  user: z.object({ id: z.string() }),
  trigger_id: z.string(),
  actions: z.array(
    z.object({ value: z.string().optional(), selected_option: z.object({ value: z.string() }).optional() }),
  ),
});

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
    view: {
      type: 'modal',
      title: { type: 'plain_text', text: 'Shout-out' },
      close: { type: 'plain_text', text: 'Close' },
      blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }],
    },
  });
}
