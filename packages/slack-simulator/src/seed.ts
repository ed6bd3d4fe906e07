import { demoChannels, demoPeople, demoUsergroups, type DemoRole } from '@bullpen/demo-company';
import type { SimBotIdentity, SimConversation, SimTeam, SimUser, SimUsergroup } from './types.ts';

export interface SeedPerson {
  slackId: string;
  name: string;
  email: string;
  title: string;
  timeZone: string;
  role?: DemoRole | string;
}

export interface SeedChannel {
  id: string;
  name: string;
  purpose?: string;
  /** Member ids; the bot is always added. Defaults to everyone. */
  members?: readonly string[];
}

export interface SeedUsergroup {
  id: string;
  handle: string;
  name: string;
  members: readonly string[];
}

export interface WorkspaceSeed {
  people?: readonly SeedPerson[];
  channels?: readonly SeedChannel[];
  usergroups?: readonly SeedUsergroup[];
}

export const SIM_TEAM: SimTeam = { id: 'T0BULLPEN00', name: 'bullpen demo', domain: 'bullpen-demo' };

export const SIM_BOT: SimBotIdentity = {
  userId: 'U0BULLPENBT',
  botId: 'B0BULLPENBT',
  appId: 'A0BULLPENAP',
  name: 'bullpen',
};

/** #marketing is where marketing ops gets its digest; sales channels are open to everyone. */
function demoChannelMembers(channelName: string): string[] {
  if (channelName === 'marketing') {
    return demoPeople.filter((p) => p.role === 'marketing' || p.role === 'admin').map((p) => p.slackId);
  }
  return demoPeople.map((p) => p.slackId);
}

export const demoSeed: WorkspaceSeed = {
  people: demoPeople,
  channels: demoChannels.map((c) => ({ ...c, members: demoChannelMembers(c.name) })),
  usergroups: demoUsergroups,
};

function timeZoneDetails(timeZone: string, at: Date): { label: string; offsetSeconds: number } {
  const longOffset =
    new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' })
      .formatToParts(at)
      .find((part) => part.type === 'timeZoneName')?.value ?? 'GMT';
  const match = /GMT([+-])(\d{2}):(\d{2})/.exec(longOffset);
  const offsetSeconds = match
    ? (match[1] === '-' ? -1 : 1) * (Number(match[2]) * 3600 + Number(match[3]) * 60)
    : 0;
  const label =
    new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'long' })
      .formatToParts(at)
      .find((part) => part.type === 'timeZoneName')?.value ?? timeZone;
  return { label, offsetSeconds };
}

function avatarUrl(name: string): string {
  return `https://avatars.bullpen.example/${encodeURIComponent(name.toLowerCase().replace(/\s+/g, '-'))}.png`;
}

export function seedUser(person: SeedPerson, team: SimTeam, now: Date): SimUser {
  const tz = timeZoneDetails(person.timeZone, now);
  const handle = person.email.split('@')[0] ?? person.slackId.toLowerCase();
  return {
    id: person.slackId,
    team_id: team.id,
    name: handle,
    real_name: person.name,
    deleted: false,
    is_bot: false,
    is_app_user: false,
    is_admin: person.role === 'admin',
    tz: person.timeZone,
    tz_label: tz.label,
    tz_offset: tz.offsetSeconds,
    updated: Math.floor(now.getTime() / 1000),
    profile: {
      real_name: person.name,
      display_name: person.name.split(' ')[0] ?? person.name,
      email: person.email,
      title: person.title,
      image_48: avatarUrl(person.name),
      image_72: avatarUrl(person.name),
    },
  };
}

export function seedBotUser(bot: SimBotIdentity, team: SimTeam, now: Date): SimUser {
  return {
    id: bot.userId,
    team_id: team.id,
    name: bot.name,
    real_name: bot.name,
    deleted: false,
    is_bot: true,
    is_app_user: false,
    is_admin: false,
    tz: 'America/Los_Angeles',
    tz_label: 'Pacific Time',
    tz_offset: timeZoneDetails('America/Los_Angeles', now).offsetSeconds,
    updated: Math.floor(now.getTime() / 1000),
    profile: {
      real_name: bot.name,
      display_name: bot.name,
      title: '',
      image_48: avatarUrl(bot.name),
      image_72: avatarUrl(bot.name),
      bot_id: bot.botId,
    },
  };
}

export function seedConversation(channel: SeedChannel, everyone: string[], now: Date): SimConversation {
  const members = new Set(channel.members ?? everyone);
  members.add(SIM_BOT.userId);
  return {
    id: channel.id,
    name: channel.name,
    kind: 'channel',
    purpose: channel.purpose ?? '',
    created: Math.floor(now.getTime() / 1000) - 86_400 * 90,
    members: [...members],
  };
}

export function seedUsergroup(group: SeedUsergroup): SimUsergroup {
  return { id: group.id, handle: group.handle, name: group.name, description: '', users: [...group.members] };
}
