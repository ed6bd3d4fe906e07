import type { KnownBlock } from '@slack/types';
import type { Services } from '../../../services.ts';
import type { HomeSection, HomeViewer } from '../../../shared/home/section.ts';
import { truncateMrkdwn } from '../../../platform/slack/text.ts';
import { mentionList, RECOGNITION_ACTIONS } from './blocks.ts';
import { recognitionFor } from '../app/recognition.ts';
import type { Shoutout } from '../store.ts';

/**
 * "Shout-outs" on App Home, for everyone: the viewer's kudos count, shout-outs they received, and
 * their team's (people who share their Salesforce manager, and their own reports). Read from Redis
 * only; names are Slack mentions, so nothing is looked up while Home renders.
 */

const PER_LIST = 5;
const SCAN_RECENT = 200;
const LINE_TEXT_MAX = 220;
const SECTION_MAX = 2_900;

const epoch = (iso: string): number => Math.floor(Date.parse(iso) / 1000);

export function shoutoutLine(shoutout: Shoutout): string {
  const when = `<!date^${epoch(shoutout.createdAt)}^{date_short_pretty}|${shoutout.createdAt.slice(0, 10)}>`;
  const text = truncateMrkdwn(shoutout.text.replace(/\s*\n\s*/g, ' '), LINE_TEXT_MAX);
  const badge = shoutout.style === 'executive' ? ':trophy:' : ':clap:';
  return `${badge} <@${shoutout.authorId}> → ${mentionList(shoutout.recipients)}: ${text} · ${when}`;
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

/** Slack ids of the viewer's team: same Salesforce manager, plus the viewer's own reports. */
async function teamOf(viewer: HomeViewer, services: Services): Promise<Set<string>> {
  const team = new Set<string>();
  if (!viewer.salesforceUserId) return team;
  const me = await services.store.get('User', viewer.salesforceUserId);
  const salesforceIds = new Set<string>([
    ...(me?.ManagerId ? await services.store.reportsOf(me.ManagerId) : []),
    ...(await services.store.reportsOf(viewer.salesforceUserId)),
  ]);
  const slackIds = await Promise.all([...salesforceIds].map((id) => services.people.slackIdFor(id)));
  for (const id of slackIds) if (id && id !== viewer.slackUserId) team.add(id);
  return team;
}

export const recentShoutoutsSection = (services: Services): HomeSection => ({
  order: 60,
  name: 'recent shout-outs',
  appliesTo: () => true,
  async render(viewer, maxBlocks) {
    const recognition = recognitionFor(services);
    const [kudos, received, recent, team] = await Promise.all([
      recognition.store.kudosOf(viewer.slackUserId),
      recognition.store.receivedBy(viewer.slackUserId, PER_LIST),
      recognition.store.recent(SCAN_RECENT),
      teamOf(viewer, services),
    ]);
    const shown = new Set(received.map((s) => s.id));
    const teamShoutouts = recent
      .filter((s) => !shown.has(s.id) && s.recipients.some((r) => team.has(r)))
      .slice(0, PER_LIST);
    const isExecutive = viewer.roles.has('executive');
    const summary: KnownBlock = {
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
    const blocks: KnownBlock[] = [
      { type: 'header', text: { type: 'plain_text', text: ':trophy: Shout-outs', emoji: true } },
      summary,
      listSection('For you', received, 'None yet.'),
    ];
    if (team.size > 0)
      blocks.push(listSection('Your team', teamShoutouts, 'No recent shout-outs for your team.'));
    if (isExecutive) {
      const given = await recognition.store.givenBy(viewer.slackUserId, PER_LIST);
      blocks.push(listSection('Given by you', given, 'None yet: recognise someone with `/shoutout`.'));
    }
    return blocks.slice(0, maxBlocks);
  },
});

export const recognitionHomeSections = (services: Services): HomeSection[] => [
  recentShoutoutsSection(services),
];
