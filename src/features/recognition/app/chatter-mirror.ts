import { UnrecoverableError } from 'bullmq';
import { z } from 'zod';
import { classifySalesforceError } from '../../../platform/salesforce/connection.ts';
import { isSlackUserId } from '../../../platform/slack/mentions.ts';
import type { RecognitionDeps } from './deps.ts';
import type { Recognition } from './recognition.ts';

const CHATTER_BODY_MAX = 10_000;
const createdSchema = z.object({ id: z.string(), success: z.literal(true) });

/** Slack ids to display names, for a Chatter post that has no Slack mentions. */
async function namesOf(recognition: Recognition, slackIds: readonly string[]): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  for (const id of slackIds) {
    const found = await recognition.profiles.lookup(id);
    names.set(id, found.ok ? found.profile.name : id);
  }
  return names;
}

/** Posts a linked shout-out to the Opportunity's Chatter feed, once. */
export async function mirrorToChatter(
  deps: Pick<RecognitionDeps, 'salesforce' | 'logger'>,
  recognition: Recognition,
  shoutoutId: string,
): Promise<string> {
  const shoutout = await recognition.store.get(shoutoutId);
  if (!shoutout?.opportunityId || shoutout.deletedAt) return 'nothing-to-mirror';
  if (await recognition.store.chatterItem(shoutoutId)) return 'already-mirrored';
  const names = await namesOf(recognition, [shoutout.authorId, ...shoutout.recipients]);
  const body = shoutout.plain.replace(/<@([^|>]+)>/g, (found, id: string) =>
    isSlackUserId(id) ? `@${names.get(id) ?? id}` : found,
  );
  const recipients = shoutout.recipients.map((id) => names.get(id) ?? id).join(', ');
  const author = names.get(shoutout.authorId) ?? shoutout.authorId;
  const conn = await deps.salesforce.connection();
  try {
    const result = await conn.sobject('FeedItem').create({
      ParentId: shoutout.opportunityId,
      Type: 'TextPost',
      Body: `Shout-out from ${author} to ${recipients}: ${body}`.slice(0, CHATTER_BODY_MAX),
    });
    const created = createdSchema.parse(result);
    await recognition.store.setChatterItem(shoutoutId, created.id);
    return created.id;
  } catch (error) {
    if (classifySalesforceError(error) === 'permanent') {
      deps.logger.warn({ err: error, shoutoutId }, 'could not mirror the shout-out to Chatter');
      throw new UnrecoverableError(error instanceof Error ? error.message : String(error));
    }
    throw error;
  }
}
