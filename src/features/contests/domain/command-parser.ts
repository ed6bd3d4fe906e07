import { clip } from './command-options.ts';
import {
  EXAMPLES,
  SUBCOMMANDS,
  failure,
  type CommandContext,
  type Failure,
  type ParseResult,
} from './command-syntax.ts';
import { parseDraftCommand } from './draft-command.ts';
import { parseDuration } from './duration.ts';
import { isContestId } from './model.ts';
import { closestMatch, tokenize, type Token } from './tokenize.ts';

export { validateParticipants, type ParticipantCheck } from './command-options.ts';
export {
  EXAMPLES,
  SUBCOMMANDS,
  type CommandContext,
  type ContestCommand,
  type ParseResult,
} from './command-syntax.ts';

/**
 * `/contest …` text -> a command, or the exact problem plus a corrected example. Nothing here
 * resolves names or touches Slack: channel names, user groups and sources come back as written
 * (ids where Slack escaped them) for the adapter to resolve.
 */

export const MAX_COMMAND_LENGTH = 2_000;

export function parseContestCommand(text: string, context: CommandContext): ParseResult {
  if (text.length > MAX_COMMAND_LENGTH) {
    return failure(`that command is ${text.length} characters; the limit is ${MAX_COMMAND_LENGTH}`);
  }
  const tokenized = tokenize(text);
  if (!tokenized.ok) return failure(tokenized.error);
  const [first, ...rest] = tokenized.tokens;
  if (first === undefined) return { ok: true, command: { kind: 'open_modal' } };
  const subcommand = first.text.toLowerCase();
  switch (subcommand) {
    case 'help':
      return { ok: true, command: { kind: 'help' } };
    case 'list':
      return rest.length === 0
        ? { ok: true, command: { kind: 'list' } }
        : failure("'list' takes nothing after it", '/contest list');
    case 'status': {
      if (rest.length === 0) return { ok: true, command: { kind: 'status', contestId: null } };
      const id = parseContestIdArg(rest, 'status');
      return id.ok ? { ok: true, command: { kind: 'status', contestId: id.contestId } } : id;
    }
    case 'end':
    case 'cancel':
    case 'recompute':
    case 'report': {
      const id = parseContestIdArg(rest, subcommand);
      return id.ok ? { ok: true, command: { kind: subcommand, contestId: id.contestId } } : id;
    }
    case 'extend':
      return parseExtend(rest);
    case 'start':
    case 'draft':
    case 'preview':
      return parseDraftCommand(subcommand, rest, context);
    default: {
      const hint = closestMatch(subcommand, SUBCOMMANDS);
      const didYouMean = hint ? ` Did you mean '${hint}'?` : '';
      return failure(
        `'${clip(first.text)}' is not a /contest command.${didYouMean} Try: ${SUBCOMMANDS.join(', ')}`,
      );
    }
  }
}

function parseContestIdArg(
  args: Token[],
  subcommand: 'status' | 'end' | 'cancel' | 'recompute' | 'report' | 'extend',
): { ok: true; contestId: string } | Failure {
  const example = EXAMPLES[subcommand];
  const [idToken] = args;
  if (idToken === undefined)
    return failure(`'${subcommand}' needs a contest id (see /contest list)`, example);
  const id = idToken.text.toLowerCase();
  if (!isContestId(id))
    return failure(`'${clip(idToken.text)}' is not a contest id (see /contest list)`, example);
  if (subcommand !== 'extend' && args.length > 1) {
    return failure(`'${subcommand}' takes only a contest id; remove '${clip(args[1]?.text ?? '')}'`, example);
  }
  return { ok: true, contestId: id };
}

function parseExtend(args: Token[]): ParseResult {
  const id = parseContestIdArg(args, 'extend');
  if (!id.ok) return id;
  const amount = args[1];
  if (amount === undefined || args.length > 2) {
    return failure("'extend' needs a contest id and how much longer, nothing else", EXAMPLES.extend);
  }
  const duration = parseDuration(amount.text);
  if (!duration.ok) return failure(duration.error, EXAMPLES.extend);
  return { ok: true, command: { kind: 'extend', contestId: id.contestId, byMs: duration.ms } };
}
