import { isSlackUserId, mention } from '../../../platform/slack/mentions.ts';
import { mrkdwnEscape, unescapeSlackText } from '../../../platform/slack/text.ts';

/**
 * Names typed at the start of `/shoutout` (`@Sam Carter @jordan.lee great work`), turned into the
 * `<@U…>` mentions Slack sends when a person is picked from its autocomplete. A typed name matches a
 * member's display name, real name or handle, whole and ignoring case; the longest match wins, so
 * "@Sam Carter" is Sam Carter even when someone's display name is "Sam". Two people matching equally
 * are never guessed between.
 */

export interface NamedMember {
  id: string;
  handle: string;
  realName: string;
  displayName: string;
}

export type TypedNames =
  | { kind: 'resolved'; text: string }
  | { kind: 'ambiguous'; typed: string; candidates: NamedMember[] }
  | { kind: 'not-found'; typed: string };

const SEPARATOR = /^[\s,]*/;
const PICKED_MENTION = /^<@([^|>]+)(?:\|[^>]*)?>/;
const FIRST_WORD = /^@([\w.-]+)/;
const WORD_CHAR = /[\p{L}\p{N}_]/u;

/** Whether the leading recipients include a typed `@name` (so the members must be looked up). */
export function hasTypedName(text: string): boolean {
  let rest = text.replace(SEPARATOR, '');
  for (let picked = PICKED_MENTION.exec(rest); picked; picked = PICKED_MENTION.exec(rest)) {
    rest = rest.slice(picked[0].length).replace(SEPARATOR, '');
  }
  return /^@[^\s@]/.test(rest);
}

/** A name ends where a word does: "@Sam." and "@Sam," end at "Sam", "@Samuel" does not. */
function endsAtWord(text: string, end: number): boolean {
  const next = text[end];
  if (next === undefined || !WORD_CHAR.test(next)) {
    const after = text[end + 1];
    return !(next === '.' || next === '-') || after === undefined || !WORD_CHAR.test(after);
  }
  return false;
}

/** The longest name any member is known by at the start of `typed`, and who has it. */
function longestMatch(typed: string, members: readonly NamedMember[]): { length: number; ids: Set<string> } {
  const lower = typed.toLowerCase();
  let best = { length: 0, ids: new Set<string>() };
  for (const member of members) {
    for (const name of [member.displayName, member.realName, member.handle]) {
      const length = name.length;
      if (length === 0 || length < best.length) continue;
      if (lower.slice(0, length) !== name.toLowerCase() || !endsAtWord(typed, length)) continue;
      if (length > best.length) best = { length, ids: new Set() };
      best.ids.add(member.id);
    }
  }
  return best;
}

/** Rewrites the leading typed names as mentions; the rest of the text is left as it was typed. */
export function resolveTypedNames(text: string, members: readonly NamedMember[]): TypedNames {
  let resolved = '';
  let rest = text.trim();
  for (;;) {
    const separator = SEPARATOR.exec(rest)?.[0] ?? '';
    rest = rest.slice(separator.length);
    const picked = PICKED_MENTION.exec(rest);
    if (picked && isSlackUserId(picked[1] ?? '')) {
      resolved += `${picked[0]} `;
      rest = rest.slice(picked[0].length);
      continue;
    }
    if (!/^@[^\s@]/.test(rest)) break;
    const typed = unescapeSlackText(rest.slice(1));
    const match = longestMatch(typed, members);
    if (match.ids.size === 0) return { kind: 'not-found', typed: FIRST_WORD.exec(rest)?.[1] ?? rest };
    if (match.ids.size > 1) {
      return {
        kind: 'ambiguous',
        typed: typed.slice(0, match.length),
        candidates: members.filter((member) => match.ids.has(member.id)),
      };
    }
    const [id] = match.ids;
    resolved += `${mention(id ?? '')} `;
    // The name was matched unescaped; skip as many characters of the escaped text.
    rest = rest.slice(1 + escapedLength(rest.slice(1), match.length));
  }
  return { kind: 'resolved', text: `${resolved}${rest}` };
}

/** How many characters of Slack-escaped text make `unescapedLength` characters once unescaped. */
function escapedLength(escaped: string, unescapedLength: number): number {
  let index = 0;
  for (let count = 0; count < unescapedLength && index < escaped.length; count++) {
    const entity = /^&(?:amp|lt|gt);/.exec(escaped.slice(index));
    index += entity ? entity[0].length : 1;
  }
  return index;
}

/** The answer when a typed name fits more than one person: who they are, and how to pick one. */
export function describeAmbiguousName(typed: string, candidates: readonly NamedMember[]): string {
  const who = candidates
    .map(
      (member) =>
        `• ${mention(member.id)} (${mrkdwnEscape(member.realName || member.displayName)}, @${mrkdwnEscape(member.handle)})`,
    )
    .join('\n');
  const example = candidates[0]?.handle ?? 'their.handle';
  return [
    `More than one person is called *@${mrkdwnEscape(typed)}*, so nothing was posted. Which one did you mean?`,
    who,
    `Pick them from Slack's @ autocomplete, or type their handle or full name, e.g. \`/shoutout @${mrkdwnEscape(example)} great work\`.`,
  ].join('\n');
}
