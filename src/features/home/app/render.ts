import type { HomeView, KnownBlock } from '@slack/types';
import type { Logger } from '../../../platform/http/logger.ts';
import { slackDate } from '../../../platform/slack/dates.ts';
import type { PeopleDirectory } from '../../../shared/people/people.ts';
import type { HomeSection, HomeViewer } from '../../../shared/home/section.ts';
import type { Role, RoleResolver } from '../../../shared/people/roles.ts';

/**
 * Assembles App Home from the features' sections: those that apply to the viewer, in order, each
 * given a fair share of Slack's 100 blocks (a section that needs less leaves the rest to others),
 * and cut with a visible note when it does not fit. Sections read Redis only; one that fails shows
 * a short notice instead of taking the whole Home down.
 */

export const HOME_BLOCK_LIMIT = 100;
export const HOME_REFRESH_ACTION = 'home_refresh';

export interface RenderedHome {
  view: HomeView;
  /** Sections shown, by name, with how many of their blocks were hidden. */
  sections: { name: string; blocks: number; hidden: number; failed: boolean }[];
  renderMs: number;
}

const ROLE_LABELS: Record<Role, string> = {
  admin: 'admin',
  executive: 'executive',
  manager: 'manager',
  marketing: 'marketing',
  rep: 'rep',
};

/**
 * What the viewer is, for the top line. Everyone matched to a Salesforce user holds the rep role
 * (they may own leads), so it only names someone who is nothing more: a VP is not called "rep".
 */
export function roleLine(roles: ReadonlySet<Role>): string {
  const titles = [...roles].filter((role) => role !== 'rep' || roles.size === 1);
  return titles.map((role) => ROLE_LABELS[role]).join(', ');
}

function topBlock(viewer: HomeViewer): KnownBlock {
  const roles = roleLine(viewer.roles);
  const stamp = slackDate(viewer.now, '{date_short_pretty} {time}', viewer.now.toISOString());
  return {
    type: 'section',
    text: {
      type: 'mrkdwn',
      text: `*Your bullpen*${roles ? ` · ${roles}` : ''}\n_Updated ${stamp}_`,
    },
    accessory: {
      type: 'button',
      action_id: HOME_REFRESH_ACTION,
      text: { type: 'plain_text', text: 'Refresh' },
    },
  };
}

function unknownViewerBlocks(): KnownBlock[] {
  return [
    {
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: "bullpen hasn't matched you to a Salesforce user yet, so there are no leads or contests to show. Your Slack email must match your Salesforce email; a bullpen admin can add an override.",
      },
    },
  ];
}

/** Water-filling: each section gets min(what it has, an equal share of what is left). */
export function allocateBlocks(sizes: readonly number[], budget: number): number[] {
  const order = sizes.map((size, index) => ({ size, index })).sort((a, b) => a.size - b.size);
  const allocation = sizes.map(() => 0);
  let remaining = budget;
  order.forEach(({ size, index }, position) => {
    const share = Math.floor(remaining / (order.length - position));
    const given = Math.max(0, Math.min(size, share));
    allocation[index] = given;
    remaining -= given;
  });
  return allocation;
}

function truncated(blocks: KnownBlock[], allowed: number): { blocks: KnownBlock[]; hidden: number } {
  if (blocks.length <= allowed) return { blocks, hidden: 0 };
  if (allowed <= 0) return { blocks: [], hidden: blocks.length };
  const kept = blocks.slice(0, allowed - 1);
  const hidden = blocks.length - kept.length;
  kept.push({
    type: 'context',
    elements: [{ type: 'mrkdwn', text: `…and ${hidden} more not shown here (Home holds 100 blocks).` }],
  });
  return { blocks: kept, hidden };
}

export interface HomeViewerDeps {
  roles: Pick<RoleResolver, 'rolesOf'>;
  people: Pick<PeopleDirectory, 'salesforceIdFor'>;
}

/** Who is looking: their roles and Salesforce user, which decide the sections they see. */
export async function homeViewerFor(
  deps: HomeViewerDeps,
  slackUserId: string,
  now = new Date(),
): Promise<HomeViewer> {
  const [roles, salesforceUserId] = await Promise.all([
    deps.roles.rolesOf(slackUserId),
    deps.people.salesforceIdFor(slackUserId),
  ]);
  return { slackUserId, salesforceUserId, roles, now };
}

export interface RenderDeps {
  logger: Logger;
}

async function renderSection(
  section: HomeSection,
  viewer: HomeViewer,
  deps: RenderDeps,
  maxBlocks: number,
): Promise<{ blocks: KnownBlock[]; failed: boolean }> {
  try {
    return { blocks: await section.render(viewer, maxBlocks), failed: false };
  } catch (error) {
    deps.logger.warn({ err: error, section: section.name }, 'App Home section failed to render');
    return {
      blocks: [
        {
          type: 'context',
          elements: [
            {
              type: 'mrkdwn',
              text: `:warning: Part of your Home (${section.name}) could not be loaded right now. Try Refresh in a minute.`,
            },
          ],
        },
      ],
      failed: true,
    };
  }
}

export async function renderHome(
  deps: RenderDeps,
  viewer: HomeViewer,
  sections: readonly HomeSection[],
): Promise<RenderedHome> {
  const started = performance.now();
  const applicable = sections.filter((s) => s.appliesTo(viewer)).sort((a, b) => a.order - b.order);
  const top = topBlock(viewer);
  // One block for the top bar, one divider before each section.
  const budget = HOME_BLOCK_LIMIT - 1 - applicable.length;
  const rendered = await Promise.all(applicable.map((s) => renderSection(s, viewer, deps, budget)));
  const allocation = allocateBlocks(
    rendered.map((r) => r.blocks.length),
    budget,
  );
  const blocks: KnownBlock[] = [top];
  const report: RenderedHome['sections'] = [];
  rendered.forEach((result, index) => {
    const section = applicable[index];
    if (!section || result.blocks.length === 0) return;
    const fitted = truncated(result.blocks, allocation[index] ?? 0);
    blocks.push({ type: 'divider' }, ...fitted.blocks);
    report.push({
      name: section.name,
      blocks: fitted.blocks.length,
      hidden: fitted.hidden,
      failed: result.failed,
    });
  });
  if (viewer.roles.size === 0) blocks.push(...unknownViewerBlocks());
  return {
    view: { type: 'home', callback_id: 'bullpen_home', blocks: blocks.slice(0, HOME_BLOCK_LIMIT) },
    sections: report,
    renderMs: performance.now() - started,
  };
}
