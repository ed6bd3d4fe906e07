import { isSlackUserId } from '../../../platform/slack/mentions.ts';

/**
 * Splitting slash-command text into tokens, and reading Slack's escaped references out of them.
 * Slack sends user-typed `& < >` as entities, so a raw `<` always opens a Slack reference
 * (`<#C1|sales>`, `<@U1|ana>`, `<!subteam^S1|@team>`), which is kept whole even if its label has
 * spaces. Quotes may be straight or curly (macOS and iOS turn "x" into “x”).
 */

export interface Token {
  /** Text with the quote characters removed. */
  text: string;
  /** Index in `text` where the first quoted part began, or -1 if nothing was quoted. */
  quotedFrom: number;
}

export type TokenizeResult = { ok: true; tokens: Token[] } | { ok: false; error: string };

const OPENING_QUOTES = new Set(['"', '“', '”', '„']);
const CLOSING_QUOTES = new Set(['"', '”', '“']);

export function tokenize(input: string): TokenizeResult {
  const tokens: Token[] = [];
  let text = '';
  let quotedFrom = -1;
  let inToken = false;
  const chars = [...input];
  for (let i = 0; i < chars.length; i++) {
    const char = chars[i] ?? '';
    if (/\s/.test(char)) {
      if (inToken) tokens.push({ text, quotedFrom });
      text = '';
      quotedFrom = -1;
      inToken = false;
      continue;
    }
    inToken = true;
    if (OPENING_QUOTES.has(char)) {
      const close = findIndexFrom(chars, i + 1, (c) => CLOSING_QUOTES.has(c));
      if (close === -1) {
        const context = chars.slice(i, i + 20).join('');
        return { ok: false, error: `the quote before '${context}' is never closed; close it with "` };
      }
      if (quotedFrom === -1) quotedFrom = text.length;
      text += chars.slice(i + 1, close).join('');
      i = close;
      continue;
    }
    if (char === '<') {
      const close = findIndexFrom(chars, i + 1, (c) => c === '>');
      if (close === -1) return { ok: false, error: "a Slack reference ('<…') is never closed with '>'" };
      text += chars.slice(i, close + 1).join('');
      i = close;
      continue;
    }
    text += char;
  }
  if (inToken) tokens.push({ text, quotedFrom });
  return { ok: true, tokens };
}

function findIndexFrom(chars: string[], from: number, test: (char: string) => boolean): number {
  for (let i = from; i < chars.length; i++) if (test(chars[i] ?? '')) return i;
  return -1;
}

/** Undo Slack's escaping of user-typed text (only these three are escaped). */
export function unescapeSlackText(text: string): string {
  return text.replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&amp;', '&');
}

const USER_MENTION = /^<@([^|>]+)(?:\|[^>]*)?>$/;
const CHANNEL_MENTION = /^<#([CG][A-Z0-9]{2,})(?:\|[^>]*)?>$/;
const USERGROUP_MENTION = /^<!subteam\^(S[A-Z0-9]{2,})(?:\|[^>]*)?>$/;
const PLAIN_CHANNEL = /^#([a-z0-9][a-z0-9._-]{0,79})$/;

/** `<@U123>` or `<@U123|ana>` -> U123, when what is mentioned is a Slack user id. */
export function userIdFromMention(text: string): string | null {
  const id = USER_MENTION.exec(text)?.[1];
  return id !== undefined && isSlackUserId(id) ? id : null;
}
export const usergroupIdFromMention = (text: string): string | null =>
  USERGROUP_MENTION.exec(text)?.[1] ?? null;

/** `<#C123|sales>` (escaped) or `#sales` (when the command does not escape channels). */
export function channelFromText(
  text: string,
): { kind: 'id'; id: string } | { kind: 'name'; name: string } | null {
  const id = CHANNEL_MENTION.exec(text)?.[1];
  if (id !== undefined) return { kind: 'id', id };
  if (/^[CG][A-Z0-9]{8,}$/.test(text)) return { kind: 'id', id: text };
  const name = PLAIN_CHANNEL.exec(text.toLowerCase())?.[1];
  return name === undefined ? null : { kind: 'name', name };
}

/** Edit distance, for "did you mean" hints on keys and metric names. */
export function closestMatch(word: string, candidates: readonly string[]): string | null {
  let best: string | null = null;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const distance = levenshtein(word.toLowerCase(), candidate);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return bestDistance <= Math.max(2, Math.floor(word.length / 3)) ? best : null;
}

function levenshtein(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}
