import { isSlackUserId, mention } from '../../../platform/slack/mentions.ts';
import { mrkdwnEscape, unescapeSlackText } from '../../../platform/slack/text.ts';

/**
 * `/shoutout` text, parsed without side effects. The command is registered with should_escape, so
 * Slack sends mentions as `<@U123|name>`, channels as `<#C123|name>` and escapes &, < and > in what
 * the person typed. The message is rebuilt as safe mrkdwn: user mentions are kept (after the caller
 * checks each user exists), everything else the person typed is escaped, and broadcast mentions
 * (@here, @channel, user groups) are defused into plain text so a shout-out never pages a channel.
 */

export const SHOUTOUT_ID_PATTERN = /^so-[a-z0-9]{8,16}$/;

export type ShoutoutCommand =
  | { kind: 'compose' }
  | { kind: 'help' }
  | { kind: 'delete'; id: string }
  | { kind: 'post'; recipients: string[]; message: ShoutoutMessage }
  | { kind: 'error'; error: string };

export interface ShoutoutMessage {
  /** Safe mrkdwn for the post: escaped text with validated-later user mentions. */
  mrkdwn: string;
  /** What the person typed, unescaped, mentions shown as <@U…>; used for length checks and Chatter. */
  plain: string;
  /** Every user mentioned anywhere in the message (recipients are checked separately). */
  mentionedUsers: string[];
}

const SEGMENT = /<([^<>]*)>/g;
const USER = /^@([^|>]+)(?:\|[^>]*)?$/;
const CHANNEL = /^#([CG][A-Z0-9]{2,})(?:\|([^>]*))?$/;
const LINK = /^(https?:\/\/[^|\s]+)(?:\|([^>]*))?$/;
const SPECIAL = /^!([a-z]+)(?:\^[A-Z0-9]+)?(?:\|([^>]*))?$/;
const LEADING_MENTION = /^\s*<@([^|>]+)(?:\|[^>]*)?>[\s,]*/;
const UNRESOLVED_MENTION = /^\s*@([\w.-]+)/;

const escapeTyped = (escapedBySlack: string): string => mrkdwnEscape(unescapeSlackText(escapedBySlack));

/** Rebuilds Slack-escaped text as safe mrkdwn, segment by segment. */
export function sanitizeMessage(text: string): ShoutoutMessage {
  let mrkdwn = '';
  let plain = '';
  const mentionedUsers = new Set<string>();
  let last = 0;
  for (const match of text.matchAll(SEGMENT)) {
    const before = text.slice(last, match.index);
    mrkdwn += escapeTyped(before);
    plain += unescapeSlackText(before);
    last = match.index + match[0].length;
    const inner = match[1] ?? '';
    const mentioned = USER.exec(inner)?.[1];
    const user = mentioned !== undefined && isSlackUserId(mentioned) ? mentioned : null;
    const channel = CHANNEL.exec(inner);
    const link = LINK.exec(inner);
    const special = SPECIAL.exec(inner);
    if (user) {
      mentionedUsers.add(user);
      mrkdwn += mention(user);
      plain += mention(user);
    } else if (channel?.[1]) {
      mrkdwn += `<#${channel[1]}>`;
      plain += `#${unescapeSlackText(channel[2] ?? channel[1])}`;
    } else if (link?.[1]) {
      const label = unescapeSlackText(link[2] ?? link[1]);
      mrkdwn += `<${link[1]}|${mrkdwnEscape(label)}>`;
      plain += label;
    } else if (special?.[1]) {
      const label = special[2] ? unescapeSlackText(special[2]) : `@${special[1]}`;
      mrkdwn += mrkdwnEscape(label);
      plain += label;
    } else {
      mrkdwn += escapeTyped(match[0]);
      plain += unescapeSlackText(match[0]);
    }
  }
  const rest = text.slice(last);
  mrkdwn += escapeTyped(rest);
  plain += unescapeSlackText(rest);
  return { mrkdwn: mrkdwn.trim(), plain: plain.trim(), mentionedUsers: [...mentionedUsers] };
}

/** The answer for a typed `@name` (as Slack escaped it) that is nobody in the workspace. */
export const notFoundError = (typedName: string): string =>
  `I couldn't find *@${mrkdwnEscape(unescapeSlackText(typedName))}* in this workspace. Pick people from Slack's @ autocomplete, e.g. \`/shoutout @Sam Carter great first-touch speed this week!\``;

/** `<@U1> <@U2>, great quarter!` -> recipients U1, U2 and the rest as the message. */
export function parseShoutoutCommand(text: string): ShoutoutCommand {
  const trimmed = text.trim();
  if (trimmed === '') return { kind: 'compose' };
  const lower = trimmed.toLowerCase();
  if (lower === 'help') return { kind: 'help' };
  if (lower === 'delete' || lower.startsWith('delete ')) {
    const id = trimmed.slice('delete'.length).trim().toLowerCase();
    if (!SHOUTOUT_ID_PATTERN.test(id)) {
      return {
        kind: 'error',
        error:
          'To delete a shout-out, give its id as shown under the post, e.g. `/shoutout delete so-1a2b3c4d`.',
      };
    }
    return { kind: 'delete', id };
  }
  const recipients: string[] = [];
  let rest = trimmed;
  for (let match = LEADING_MENTION.exec(rest); match; match = LEADING_MENTION.exec(rest)) {
    const id = match[1] ?? '';
    if (!isSlackUserId(id)) break;
    if (!recipients.includes(id)) recipients.push(id);
    rest = rest.slice(match[0].length);
  }
  if (recipients.length === 0) {
    const unresolved = UNRESOLVED_MENTION.exec(rest)?.[1];
    return {
      kind: 'error',
      error: unresolved
        ? notFoundError(unresolved)
        : 'Start with the people you want to recognise, e.g. `/shoutout @Sam Carter great first-touch speed this week!`',
    };
  }
  return { kind: 'post', recipients, message: sanitizeMessage(rest) };
}

export type MessageCheck = { ok: true } | { ok: false; error: string };

/** The rules every shout-out message meets, whether typed in the command or the modal. */
export function checkMessage(message: ShoutoutMessage, maxLength: number): MessageCheck {
  if (message.plain === '') {
    return {
      ok: false,
      error:
        'Your shout-out needs a message: say what they did, e.g. "called every trade-show lead within a day".',
    };
  }
  const length = Array.from(message.plain).length;
  if (length > maxLength) {
    return {
      ok: false,
      error: `Your message is ${length.toLocaleString('en-US')} characters; shout-outs are limited to ${maxLength.toLocaleString('en-US')}. Shorten it and try again.`,
    };
  }
  return { ok: true };
}
