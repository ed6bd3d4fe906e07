import type { KnownBlock } from '@slack/types';
import type { HomeSection } from '../../../shared/home/section.ts';
import { slackDate } from '../../../platform/slack/dates.ts';
import { mention } from '../../../platform/slack/mentions.ts';
import { truncateMrkdwn } from '../../../platform/slack/text.ts';
import { teamOf, type TeamDeps } from '../app/team.ts';
import type { Shoutout } from '../domain/shoutout.ts';
import type { RecognitionStore } from '../store.ts';
import { mentionList, RECOGNITION_ACTIONS } from './blocks.ts';

/**
 * "Shout-outs" on App Home, for everyone: the viewer's kudos count, shout-outs they received, and
 * their team's (people who share their Salesforce manager, and their own reports). Read from Redis
 * only; names are Slack mentions, so nothing is looked up while Home renders.
 */

const PER_LIST = 5;
const SCAN_RECENT = 200;
const LINE_TEXT_MAX = 220;
const SECTION_MAX = 2_900;

export function shoutoutLine(shoutout: Shoutout): string {
  const when = slackDate(
    new Date(shoutout.createdAt),
    '{date_short_pretty}',
    shoutout.createdAt.slice(0, 10),
  );
  const text = truncateMrkdwn(shoutout.text.replace(/\s*\n\s*/g, ' '), LINE_TEXT_MAX);
  const badge = shoutout.style === 'executive' ? ':trophy:' : ':clap:';
  return `${badge} ${mention(shoutout.authorId)} → ${mentionList(shoutout.recipients)}: ${text} · ${when}`;
}

function listSection(heading: string, shoutouts: readonly Shoutout[], empty: string): KnownBlock {
  let text = `*${heading}*`;
  if (shoutouts.length === 0) text += `\n_${empty}_`;
  for (const shoutout of shoutouts) {
    const line = shoutoutLine(shoutout);
    if (text.length + line.length + 1 > SECTION_MAX) break;
    text += `\n${line}`;
  }
  return { type: 'section', text: { type: 'mrkdwn', text } };
}

export interface HomeSectionDeps extends TeamDeps {
  shoutouts: RecognitionStore;
}

function summaryBlock(kudos: number, isExecutive: boolean): KnownBlock {
  return {
    type: 'section',
    text: {
      type: 'mrkdwn',
      text:
        kudos === 0
          ? 'No kudos yet: great follow-up gets noticed here.'
          : `You have received *${kudos}* kudos${kudos === 1 ? '' : ' in total'}.`,
    },
    ...(isExecutive
      ? {
          accessory: {
            type: 'button',
            action_id: RECOGNITION_ACTIONS.compose,
            text: { type: 'plain_text', text: 'Give a shout-out' },
            style: 'primary',
          },
        }
      : {}),
  };
}

export const recentShoutoutsSection = (deps: HomeSectionDeps): HomeSection => ({
  order: 60,
  name: 'recent shout-outs',
  appliesTo: () => true,
  async render(viewer, maxBlocks) {
    const { shoutouts } = deps;
    const [kudos, received, recent, team] = await Promise.all([
      shoutouts.kudosOf(viewer.slackUserId),
      shoutouts.receivedBy(viewer.slackUserId, PER_LIST),
      shoutouts.recent(SCAN_RECENT),
      teamOf(deps, viewer),
    ]);
    const shown = new Set(received.map((s) => s.id));
    const teamShoutouts = recent
      .filter((s) => !shown.has(s.id) && s.recipients.some((r) => team.has(r)))
      .slice(0, PER_LIST);
    const isExecutive = viewer.roles.has('executive');
    const blocks: KnownBlock[] = [
      { type: 'header', text: { type: 'plain_text', text: ':trophy: Shout-outs', emoji: true } },
      summaryBlock(kudos, isExecutive),
      listSection('For you', received, 'None yet.'),
    ];
    if (team.size > 0)
      blocks.push(listSection('Your team', teamShoutouts, 'No recent shout-outs for your team.'));
    if (isExecutive) {
      const given = await shoutouts.givenBy(viewer.slackUserId, PER_LIST);
      blocks.push(listSection('Given by you', given, 'None yet: recognise someone with `/shoutout`.'));
    }
    return blocks.slice(0, maxBlocks);
  },
});
