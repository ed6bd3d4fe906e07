import type { KnownBlock } from '@slack/types';

/** Answers only the person who ran a command or clicked, in the shapes Bolt's ack/respond take. */
export const ephemeralText = (text: string) => ({ response_type: 'ephemeral' as const, text });

export const ephemeralMessage = (message: { text: string; blocks: KnownBlock[] }) => ({
  response_type: 'ephemeral' as const,
  text: message.text,
  blocks: message.blocks,
});

/** The Web API error code (e.g. 'users_not_found') of a failed @slack/web-api call, if it has one. */
export const slackErrorCode = (error: unknown): string | undefined =>
  (error as { data?: { error?: string } }).data?.error;
