import type { AppResponse, SlackSimulator } from '@bullpen/slack-simulator';
import { waitFor } from './process.ts';

/**
 * Sends a slash command whose answer a worker posts to its response_url (bullpen's web process only
 * acks those), and returns that answer as the simulator recorded it: the first response_url post
 * after the command. The ack must have been a 200, else nothing will follow.
 */
export async function commandAnswer(
  simulator: SlackSimulator,
  userId: string,
  channelId: string,
  command: string,
  text: string,
): Promise<Pick<AppResponse, 'json'>> {
  const before = simulator.responseUrlPosts.length;
  const ack = await simulator.sendSlashCommand(userId, channelId, command, text);
  if (ack.status !== 200) throw new Error(`${command} ${text} was not acked: ${ack.status} ${ack.body}`);
  const post = await waitFor(
    async () => simulator.responseUrlPosts[before],
    `the answer to ${command} ${text}`.trim(),
  );
  return { json: post.body };
}
