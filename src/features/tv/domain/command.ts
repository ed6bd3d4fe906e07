/**
 * `/bullpen tv [new] [names:on|off]`, `/bullpen tv list`, `/bullpen tv revoke <id>`. Parsed without
 * I/O; every mistake gets its own message.
 */

export type TvCommand =
  | { kind: 'new'; showLeadNames: boolean }
  | { kind: 'list' }
  | { kind: 'revoke'; id: string }
  | { kind: 'error'; message: string };

export const TV_USAGE =
  '`/bullpen tv` (a new TV link; `/bullpen tv new names:on` shows lead names), `/bullpen tv list`, `/bullpen tv revoke <id>`';

function parseNew(words: string[]): TvCommand {
  let showLeadNames = false;
  for (const word of words) {
    const match = /^names:(on|off)$/i.exec(word);
    if (!match) return { kind: 'error', message: `Unknown option "${word.slice(0, 40)}". Try ${TV_USAGE}.` };
    showLeadNames = match[1]?.toLowerCase() === 'on';
  }
  return { kind: 'new', showLeadNames };
}

export function parseTvCommand(text: string): TvCommand {
  const [verb = '', ...rest] = text.trim().split(/\s+/).filter(Boolean);
  switch (verb.toLowerCase()) {
    case '':
    case 'new':
      return parseNew(rest);
    case 'list':
      return rest.length === 0
        ? { kind: 'list' }
        : { kind: 'error', message: '`/bullpen tv list` takes nothing after it.' };
    case 'revoke': {
      const id = rest[0];
      if (!id || rest.length > 1)
        return {
          kind: 'error',
          message: 'Say which link: `/bullpen tv revoke <id>` (ids are in `/bullpen tv list`).',
        };
      return { kind: 'revoke', id: id.toLowerCase() };
    }
    default:
      return verb.includes(':')
        ? parseNew([verb, ...rest])
        : { kind: 'error', message: `Unknown option "${verb.slice(0, 40)}". Try ${TV_USAGE}.` };
  }
}
