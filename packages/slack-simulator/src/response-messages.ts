import { z } from 'zod';
import { validateBlocks } from './block-kit.ts';
import type { ResponseUrlTarget } from './interaction-tokens.ts';
import type { JsonObject } from './types.ts';
import type { SimWorkspace } from './workspace.ts';

/** What an app may send to a response_url, or in a slash command's ack body. */
export const responseMessageSchema = z.object({
  text: z.string().optional(),
  blocks: z.array(z.record(z.string(), z.unknown())).optional(),
  response_type: z.enum(['ephemeral', 'in_channel']).optional(),
  replace_original: z.boolean().optional(),
  delete_original: z.boolean().optional(),
  thread_ts: z.string().optional(),
});

export type ResponseMessage = z.infer<typeof responseMessageSchema>;

export type ApplyResult =
  | { ok: true; ts: string | undefined; isEphemeral: boolean }
  | { ok: false; error: string; problems?: string[] };

/**
 * Applies a response message the way Slack does: delete or replace the message the interaction came
 * from, post in the channel (`in_channel`), or show an ephemeral message to the person (default).
 */
export function applyResponseMessage(
  workspace: SimWorkspace,
  target: ResponseUrlTarget,
  message: ResponseMessage,
  source: 'response_url' | 'ack',
): ApplyResult {
  if (message.blocks !== undefined) {
    const problems = validateBlocks(message.blocks, 'message');
    if (problems.length > 0) return { ok: false, error: 'invalid_blocks', problems };
  }
  const { sourceTs, sourceIsEphemeral } = target;
  if (message.delete_original === true) {
    if (sourceTs === undefined) return { ok: false, error: 'message_not_found' };
    const deleted = sourceIsEphemeral
      ? workspace.removeEphemeral(sourceTs)
      : workspace.removeMessage(target.channelId, sourceTs);
    return deleted
      ? { ok: true, ts: undefined, isEphemeral: sourceIsEphemeral }
      : { ok: false, error: 'message_not_found' };
  }
  const content: { text: string; blocks?: JsonObject[] } = { text: message.text ?? '' };
  if (message.blocks !== undefined) content.blocks = message.blocks;
  if (message.replace_original === true && sourceTs !== undefined) {
    const original = sourceIsEphemeral
      ? workspace.findEphemeral(sourceTs)
      : workspace.findMessage(target.channelId, sourceTs);
    if (!original) return { ok: false, error: 'message_not_found' };
    original.text = content.text;
    if (content.blocks !== undefined) original.blocks = content.blocks;
    else delete original.blocks;
    workspace.touch();
    return { ok: true, ts: original.ts, isEphemeral: sourceIsEphemeral };
  }
  if (message.response_type === 'in_channel') {
    const posted = workspace.addMessage({
      channel: target.channelId,
      user: workspace.bot.userId,
      bot_id: workspace.bot.botId,
      app_id: workspace.bot.appId,
      ...content,
      ...(message.thread_ts === undefined ? {} : { thread_ts: message.thread_ts }),
    });
    return { ok: true, ts: posted.ts, isEphemeral: false };
  }
  const ephemeral = workspace.addEphemeral({
    channel: target.channelId,
    user: target.userId,
    ...content,
    source,
  });
  return { ok: true, ts: ephemeral.ts, isEphemeral: true };
}
