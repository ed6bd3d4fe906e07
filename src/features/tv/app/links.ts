import type { TvDeps } from '../deps.ts';
import type { TvCommand } from '../domain/command.ts';
import { issueToken, LINK_ID_PATTERN } from '../domain/token.ts';
import { MAX_LINKS_PER_MANAGER, TvLinkStore, type TvLink } from '../store.ts';
import { TV_PATH } from '../http/tv-routes.ts';

/** `/bullpen tv` use cases: issue, list and revoke a manager's TV links. Each returns the reply text. */

export const NOT_ALLOWED =
  'TV links are for managers and admins: a TV board shows a manager’s team. Ask your manager for one.';

export const tvUrl = (publicUrl: string, token: string): string =>
  `${publicUrl.replace(/\/+$/, '')}${TV_PATH}${token}`;

const describe = (link: TvLink): string =>
  `\`${link.id}\` · created ${link.createdAt.slice(0, 16).replace('T', ' ')} UTC · lead names ${link.showLeadNames ? 'on' : 'off'}`;

async function issue(
  deps: TvDeps,
  store: TvLinkStore,
  managerSlackId: string,
  showLeadNames: boolean,
): Promise<string> {
  if ((await store.countOf(managerSlackId)) >= MAX_LINKS_PER_MANAGER) {
    return `You have ${MAX_LINKS_PER_MANAGER} TV links, the most one person may hold. Revoke one first: \`/bullpen tv list\`, then \`/bullpen tv revoke <id>\`.`;
  }
  const { token, hash, id } = issueToken();
  await store.save({ id, hash, managerSlackId, showLeadNames, createdAt: new Date().toISOString() });
  return [
    `📺 Your team’s TV board (\`${id}\`, lead names ${showLeadNames ? 'on' : 'off'}): ${tvUrl(deps.publicUrl(), token)}`,
    'Open it full-screen on the office TV; it updates by itself. Anyone with the link sees the board, so share it only with the screen.',
    `Turn it off with \`/bullpen tv revoke ${id}\`. This link is shown only now.`,
  ].join('\n');
}

export async function runTvCommand(deps: TvDeps, slackUserId: string, command: TvCommand): Promise<string> {
  if (command.kind === 'error') return command.message;
  const roles = await deps.roles.rolesOf(slackUserId);
  if (!roles.has('manager') && !roles.has('admin')) return NOT_ALLOWED;
  const store = new TvLinkStore(deps.redis, deps.keys);
  switch (command.kind) {
    case 'new':
      return issue(deps, store, slackUserId, command.showLeadNames);
    case 'list': {
      const links = await store.listOf(slackUserId);
      return links.length === 0
        ? 'You have no TV links. `/bullpen tv` makes one.'
        : `Your TV links:\n${links.map(describe).join('\n')}\n\`/bullpen tv revoke <id>\` turns one off.`;
    }
    case 'revoke': {
      const known = LINK_ID_PATTERN.test(command.id) && (await store.revoke(slackUserId, command.id));
      return known
        ? `Revoked \`${command.id}\`: screens showing it go blank within seconds.`
        : `You have no TV link \`${command.id.slice(0, 20)}\`. \`/bullpen tv list\` shows yours.`;
    }
  }
}
