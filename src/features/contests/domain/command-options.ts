import { DateTime } from 'luxon';
import type { ParticipantsSpec } from './draft.ts';
import {
  DAY_MS,
  defaultCadence,
  GOAL_ON_RATE_ERROR,
  GOAL_ON_TIME_ERROR,
  MAX_GOAL,
  type Cadence,
  type ContestScope,
  type Metric,
} from './model.ts';
import { unescapeSlackText, userIdFromMention, usergroupIdFromMention } from './tokenize.ts';

/** Readers for the values of `/contest start` options; each returns the value or the problem. */

const MAX_START_AHEAD_MS = 90 * DAY_MS;

export interface StartContext {
  now: Date;
  timeZone: string;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

export function parseStart(text: string | undefined, context: StartContext): Parsed<Date | null> {
  if (text === undefined || text.toLowerCase() === 'now') return { ok: true, value: null };
  const parsed = DateTime.fromISO(text, { zone: context.timeZone });
  if (!parsed.isValid) {
    return { ok: false, error: `start: '${clip(text)}' is not a date-time; write it like 2026-12-01T09:00` };
  }
  const at = parsed.toJSDate();
  if (at.getTime() < context.now.getTime() - 60_000) {
    return {
      ok: false,
      error: `start: ${text} (${context.timeZone}) is in the past; leave start: out to start now`,
    };
  }
  if (at.getTime() > context.now.getTime() + MAX_START_AHEAD_MS) {
    return { ok: false, error: `start: ${text} is more than 90 days away; schedule it closer to the date` };
  }
  return { ok: true, value: at };
}

export function parseParticipants(
  text: string | undefined,
  mentionedUsers: string[],
): Parsed<ParticipantsSpec> {
  const userIds: string[] = [];
  let usergroupId: string | null = null;
  for (const part of splitList(text)) {
    const user = userIdFromMention(part);
    const group = usergroupIdFromMention(part);
    if (user) userIds.push(user);
    else if (group && usergroupId === null) usergroupId = group;
    else if (group) return { ok: false, error: 'with: name one user group, or list people' };
    else return { ok: false, error: `with: '${clip(part)}' is not a person or user group; use @mentions` };
  }
  userIds.push(...mentionedUsers);
  if (usergroupId && userIds.length > 0) {
    return { ok: false, error: 'with: use either one user group or a list of people, not both' };
  }
  if (usergroupId) return { ok: true, value: { kind: 'usergroup', usergroupId } };
  if (userIds.length > 0) return { ok: true, value: { kind: 'users', userIds: [...new Set(userIds)] } };
  return { ok: true, value: { kind: 'channel_members' } };
}

export function parseScope(
  text: string | undefined,
  fallback: ContestScope | undefined,
  knownSources: readonly string[] | undefined,
): Parsed<ContestScope> {
  if (text === undefined) return { ok: true, value: fallback ?? { kind: 'all' } };
  if (text.toLowerCase() === 'all') return { ok: true, value: { kind: 'all' } };
  const match = /^(sources?|campaign)=(.+)$/i.exec(text);
  if (!match?.[1] || !match[2]) {
    return { ok: false, error: `scope: '${clip(text)}' should be all, source=Webinar,Web or campaign=701…` };
  }
  if (match[1].toLowerCase() === 'campaign') {
    const campaignId = match[2].trim();
    if (!/^701[a-zA-Z0-9]{12}(?:[a-zA-Z0-9]{3})?$/.test(campaignId)) {
      return {
        ok: false,
        error: `scope: '${clip(campaignId)}' is not a Salesforce campaign id (they start with 701)`,
      };
    }
    return { ok: true, value: { kind: 'campaign', campaignId } };
  }
  const sources: string[] = [];
  for (const raw of splitList(match[2])) {
    const source = unescapeSlackText(raw);
    if (!knownSources) {
      sources.push(source);
      continue;
    }
    const known = knownSources.find((candidate) => candidate.toLowerCase() === source.toLowerCase());
    if (!known) {
      return {
        ok: false,
        error: `scope: no lead source '${clip(source)}'. Known sources: ${knownSources.join(', ')}`,
      };
    }
    sources.push(known);
  }
  if (sources.length === 0) return { ok: false, error: 'scope: list at least one lead source after source=' };
  return { ok: true, value: { kind: 'sources', sources: [...new Set(sources)] } };
}

export function parseUpdates(
  text: string | undefined,
  templateDaily: string | null | undefined,
): Parsed<Cadence> {
  const cadence = defaultCadence();
  if (templateDaily !== undefined) cadence.dailyStandingsAt = templateDaily;
  switch (text?.toLowerCase()) {
    case undefined:
      return { ok: true, value: cadence };
    case 'both':
      return {
        ok: true,
        value: { ...cadence, liveUpdates: true, dailyStandingsAt: cadence.dailyStandingsAt ?? '09:00' },
      };
    case 'live':
      return { ok: true, value: { ...cadence, liveUpdates: true, dailyStandingsAt: null } };
    case 'daily':
      return {
        ok: true,
        value: { ...cadence, liveUpdates: false, dailyStandingsAt: cadence.dailyStandingsAt ?? '09:00' },
      };
    default:
      return { ok: false, error: `updates: '${clip(text ?? '')}' should be live, daily or both` };
  }
}

/** `goal:20`: each rep's target, a whole number, for a count metric only. */
export function parseGoal(text: string | undefined, metric: Metric | undefined): Parsed<number | undefined> {
  if (text === undefined) return { ok: true, value: undefined };
  const goal = Number(text);
  if (!/^\d+$/.test(text) || goal < 1 || goal > MAX_GOAL) {
    return {
      ok: false,
      error: `goal: '${clip(text)}' should be each rep's target, a whole number from 1 to ${MAX_GOAL.toLocaleString('en-US')}`,
    };
  }
  if (metric === 'sla_hit_rate') return { ok: false, error: `goal: ${GOAL_ON_RATE_ERROR}` };
  if (metric === 'time_to_accept') return { ok: false, error: `goal: ${GOAL_ON_TIME_ERROR}` };
  return { ok: true, value: goal };
}

export const splitList = (text: string | undefined): string[] =>
  (text ?? '')
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part.length > 0);

export const clip = (text: string): string => (text.length > 40 ? `${text.slice(0, 40)}…` : text);

export type ParticipantCheck = { ok: true } | { ok: false; unknownIds: string[]; error: string };

/** Mentions the workspace does not know (deactivated, other workspace, typo'd escape) are named. */
export function validateParticipants(
  ids: readonly string[],
  knownUserIds: ReadonlySet<string>,
): ParticipantCheck {
  const unknownIds = [...new Set(ids.filter((id) => !knownUserIds.has(id)))];
  if (unknownIds.length === 0) return { ok: true };
  return {
    ok: false,
    unknownIds,
    error: `not in this workspace, or deactivated: ${unknownIds.join(', ')}; mention active members only`,
  };
}
