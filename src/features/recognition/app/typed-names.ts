import type { Logger } from '../../../platform/http/logger.ts';
import { isStoreUnavailable } from '../../../platform/slack/store-guard.ts';
import type { SlackMembers } from '../../../shared/people/members.ts';
import { notFoundError } from '../domain/command.ts';
import type { Outcome } from '../domain/shoutout.ts';
import { describeAmbiguousName, hasTypedName, resolveTypedNames } from '../domain/typed-names.ts';

/**
 * `/shoutout` text with its leading typed `@names` turned into mentions, or why not. A name nobody
 * has is checked once more against a fresh member list (they may have just joined Slack).
 */
export async function resolveTypedRecipients(
  deps: { members: Pick<SlackMembers, 'all' | 'fresh'>; logger: Pick<Logger, 'warn'> },
  text: string,
): Promise<Outcome<string>> {
  if (!hasTypedName(text)) return { ok: true, value: text };
  try {
    let typed = resolveTypedNames(text, await deps.members.all());
    if (typed.kind === 'not-found') typed = resolveTypedNames(text, await deps.members.fresh());
    switch (typed.kind) {
      case 'resolved':
        return { ok: true, value: typed.text };
      case 'ambiguous':
        return {
          ok: false,
          error: describeAmbiguousName(typed.typed, typed.candidates),
          field: 'recipients',
        };
      case 'not-found':
        return { ok: false, error: notFoundError(typed.typed), field: 'recipients' };
    }
  } catch (error) {
    if (isStoreUnavailable(error)) throw error;
    deps.logger.warn({ err: error }, 'users.list failed while resolving typed names for a shout-out');
    return {
      ok: false,
      error:
        "I couldn't look the names you typed up in Slack just now, so nothing was posted. Pick people from Slack's @ autocomplete, or try again in a minute.",
      field: 'recipients',
    };
  }
}
