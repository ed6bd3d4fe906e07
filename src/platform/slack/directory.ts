import type { WebClient } from '@slack/web-api';
import { z } from 'zod';

/**
 * Reads of the workspace's directory (channels, their members, user groups) through the Web API,
 * paged and parsed once here so features ask for ids instead of calling `conversations.*` or
 * `usergroups.*` themselves.
 */

const membersPageSchema = z.object({
  ok: z.literal(true),
  members: z.array(z.string()),
  response_metadata: z.object({ next_cursor: z.string().optional() }).optional(),
});
const conversationsSchema = z.object({
  ok: z.literal(true),
  channels: z.array(z.object({ id: z.string(), name: z.string() })),
  response_metadata: z.object({ next_cursor: z.string().optional() }).optional(),
});
const usergroupsSchema = z.object({
  ok: z.literal(true),
  usergroups: z.array(z.object({ id: z.string(), name: z.string(), handle: z.string().optional() })),
});

const MAX_MEMBER_PAGES = 20;
const MAX_CHANNEL_PAGES = 10;

/** Everyone in a channel (up to 20,000 people). */
export async function channelMembers(client: WebClient, channelId: string): Promise<string[]> {
  const members: string[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < MAX_MEMBER_PAGES; page++) {
    const response = membersPageSchema.parse(
      await client.conversations.members({ channel: channelId, limit: 1000, ...(cursor ? { cursor } : {}) }),
    );
    members.push(...response.members);
    cursor = response.response_metadata?.next_cursor;
    if (!cursor) break;
  }
  return members;
}

/** The id of the (unarchived) channel with this name that the bot can see, or null. */
export async function channelIdByName(client: WebClient, name: string): Promise<string | null> {
  let cursor: string | undefined;
  for (let page = 0; page < MAX_CHANNEL_PAGES; page++) {
    const response = conversationsSchema.parse(
      await client.conversations.list({
        types: 'public_channel,private_channel',
        exclude_archived: true,
        limit: 1000,
        ...(cursor ? { cursor } : {}),
      }),
    );
    const found = response.channels.find((channel) => channel.name === name);
    if (found) return found.id;
    cursor = response.response_metadata?.next_cursor;
    if (!cursor) return null;
  }
  return null;
}

/** The workspace's user groups, named by handle when they have one. */
export async function listUsergroups(client: WebClient): Promise<{ id: string; name: string }[]> {
  const response = usergroupsSchema.parse(await client.usergroups.list({}));
  return response.usergroups.map((group) => ({ id: group.id, name: group.handle ?? group.name }));
}

const usersPageSchema = z.object({
  ok: z.literal(true),
  members: z.array(
    z.object({
      id: z.string(),
      name: z.string().optional(),
      real_name: z.string().optional(),
      deleted: z.boolean().optional(),
      is_bot: z.boolean().optional(),
      tz: z.string().nullish(),
      profile: z.object({ real_name: z.string().optional(), display_name: z.string().optional() }).optional(),
    }),
  ),
  response_metadata: z.object({ next_cursor: z.string().optional() }).optional(),
});

/** A person in the workspace, by the names others type for them. */
export interface WorkspaceMember {
  id: string;
  /** The handle (users.list `name`), e.g. "sam.carter". */
  handle: string;
  realName: string;
  displayName: string;
}

type UsersListMember = z.infer<typeof usersPageSchema>['members'][number];

/**
 * users.list, one parsed page of people (everyone, bots and deactivated accounts included) at a
 * time, up to `maxPages` pages of 1,000.
 */
export async function* usersListPages(
  client: Pick<WebClient, 'users'>,
  maxPages = MAX_MEMBER_PAGES,
): AsyncGenerator<UsersListMember[]> {
  let cursor: string | undefined;
  for (let page = 0; page < maxPages; page++) {
    const response = usersPageSchema.parse(
      await client.users.list({ limit: 1000, ...(cursor ? { cursor } : {}) }),
    );
    yield response.members;
    cursor = response.response_metadata?.next_cursor || undefined;
    if (!cursor) return;
  }
}

/** Every active person in the workspace (bots and deactivated accounts left out), paged. */
export async function listMembers(client: Pick<WebClient, 'users'>): Promise<WorkspaceMember[]> {
  const members: WorkspaceMember[] = [];
  for await (const page of usersListPages(client)) {
    for (const user of page) {
      if (user.deleted || user.is_bot || user.id === 'USLACKBOT') continue;
      members.push({
        id: user.id,
        handle: user.name ?? '',
        realName: user.profile?.real_name || user.real_name || '',
        displayName: user.profile?.display_name ?? '',
      });
    }
  }
  return members;
}
