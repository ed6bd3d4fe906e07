import { postFailedText } from '../slack/blocks.ts';
import type { RecognitionDeps } from './deps.ts';
import type { Recognition } from './recognition.ts';

/** Removes a deleted shout-out's post, or its pending delivery if it has not been posted yet. */
export async function deletePost(
  deps: Pick<RecognitionDeps, 'delivery'>,
  recognition: Recognition,
  shoutoutId: string,
): Promise<string> {
  const shoutout = await recognition.store.get(shoutoutId);
  if (!shoutout) return 'unknown';
  // A delivery being posted right now throws: this job retries once the post has a ts.
  return deps.delivery.retract(shoutout.deliveryKey);
}

/**
 * Slack refused the post for good: the shout-out never appeared, so it stops counting (kudos, Home)
 * and its author gets their words back with the reason and what to do.
 */
export async function tellAuthorPostFailed(
  deps: Pick<RecognitionDeps, 'delivery'>,
  recognition: Recognition,
  failure: { shoutoutId: string; slackError: string },
): Promise<string> {
  const shoutout = await recognition.store.get(failure.shoutoutId);
  if (!shoutout) return 'unknown';
  await recognition.store.markDeleted(shoutout, 'bullpen', new Date());
  await deps.delivery.enqueue({
    key: `shoutout-failed-${shoutout.id}`,
    method: 'dm',
    args: { user: shoutout.authorId, text: postFailedText(shoutout, failure.slackError) },
  });
  return 'author-told';
}
